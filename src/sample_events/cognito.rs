//! Cognito user pool triggers: the common fields, and the request and response of the
//! trigger named by `--trigger` (a `triggerSource` such as `PreSignUp_SignUp`).

use super::Fields;
use serde_json::{Value as Json, json};

pub fn user_pool(f: &Fields) -> Json {
    let trigger = f.trigger.as_deref().unwrap_or("PreSignUp_SignUp");
    let pool = f
        .user_pool
        .clone()
        .unwrap_or_else(|| format!("{}_{}", f.region(), &super::hex(9)));
    let user = f.user.as_deref().unwrap_or("jane.doe");
    let sub = crate::common::ids::uuid_v4();
    let attributes = json!({
        "sub": sub,
        "email": format!("{user}@example.com"),
        "email_verified": "true",
        "cognito:user_status": if trigger.starts_with("PreSignUp") { "UNCONFIRMED" } else { "CONFIRMED" }
    });
    let family = trigger.split('_').next().unwrap_or(trigger);
    let (request, response) = match family {
        "PreSignUp" => (
            json!({"userAttributes": attributes, "validationData": null, "clientMetadata": {}}),
            json!({"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false}),
        ),
        "PostConfirmation" | "PostAuthentication" | "PreAuthentication" => (
            json!({"userAttributes": attributes, "clientMetadata": {}}),
            json!({}),
        ),
        "TokenGeneration" => (
            json!({"userAttributes": attributes, "groupConfiguration": {
                "groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": null
            }, "clientMetadata": {}}),
            json!({"claimsOverrideDetails": null}),
        ),
        "CustomMessage" => (
            json!({"userAttributes": attributes, "codeParameter": "{####}", "usernameParameter": null, "clientMetadata": {}}),
            json!({"smsMessage": null, "emailMessage": null, "emailSubject": null}),
        ),
        "UserMigration" => (
            json!({"password": "example-password", "validationData": null, "clientMetadata": {}}),
            json!({"userAttributes": null, "finalUserStatus": null, "messageAction": null, "desiredDeliveryMediums": null, "forceAliasCreation": null}),
        ),
        _ => (json!({"userAttributes": attributes}), json!({})),
    };
    json!({
        "version": "1",
        "triggerSource": trigger,
        "region": f.region(),
        "userPoolId": pool,
        "userName": user,
        "callerContext": {
            "awsSdkVersion": "aws-sdk-unknown-unknown",
            "clientId": super::hex(26)
        },
        "request": request,
        "response": response
    })
}
