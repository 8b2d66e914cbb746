//! `HttpApiIntegration<Fn>` (`AWS::ApiGatewayV2::Integration`): the Lambda proxy integration of
//! a function, with its payload format version and API Gateway's fixed 30 s timeout (one per
//! function, made with its first route), invoking an aliased function's alias.

use crate::cfn::Ctx;
use crate::cfn::functions::Aliases;
use crate::cfn::value::obj;
use crate::ir::HttpRoute;
use crate::ir::naming::http_api_integration_logical_id;
use serde_json::Value;

/// SF always sets the integration timeout to HTTP APIs' maximum.
const TIMEOUT_MILLIS: u64 = crate::ir::HTTP_API_INTEGRATION_TIMEOUT.as_millis() as u64;

pub fn compile(cx: &mut Ctx, route: &HttpRoute, api_id: &Value, aliases: &Aliases) {
    cx.assign_resource(
        &http_api_integration_logical_id(&route.function),
        obj([
            ("Type", "AWS::ApiGatewayV2::Integration".into()),
            ("DependsOn", aliases.depends_on(&route.function)),
            (
                "Properties",
                obj([
                    ("ApiId", api_id.clone()),
                    ("IntegrationType", "AWS_PROXY".into()),
                    ("IntegrationUri", aliases.target(&route.function)),
                    ("PayloadFormatVersion", route.payload_version.clone().into()),
                    ("TimeoutInMillis", TIMEOUT_MILLIS.into()),
                ]),
            ),
        ]),
    );
}
