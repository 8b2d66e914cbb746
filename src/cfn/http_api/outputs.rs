//! The `HttpApiId` and `HttpApiUrl` outputs, which SF adds with the stage (so none for an
//! external API).

use crate::cfn::Ctx;
use crate::cfn::value::{join, obj, reference};
use crate::ir::naming::HTTP_API_LOGICAL_ID;

pub fn compile(cx: &mut Ctx) {
    if cx.svc.http_api.is_external() {
        return;
    }
    cx.outputs.insert(
        "HttpApiId".into(),
        obj([
            ("Description", "Id of the HTTP API".into()),
            ("Value", reference(HTTP_API_LOGICAL_ID)),
        ]),
    );
    cx.outputs.insert(
        "HttpApiUrl".into(),
        obj([
            ("Description", "URL of the HTTP API".into()),
            (
                "Value",
                join(
                    "",
                    vec![
                        "https://".into(),
                        reference(HTTP_API_LOGICAL_ID),
                        ".execute-api.".into(),
                        reference("AWS::Region"),
                        ".".into(),
                        reference("AWS::URLSuffix"),
                    ],
                ),
            ),
        ]),
    );
}
