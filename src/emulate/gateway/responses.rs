//! API Gateway's own answers (gateway responses): the status, the JSON body and the
//! `x-amzn-ErrorType` header AWS sends when the request never reaches, or comes back broken
//! from, the integration.

/// A gateway response type, named as in API Gateway's `GatewayResponseType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GatewayError {
    /// No resource/method for the path: 403.
    MissingAuthenticationToken,
    /// `private: true` without a valid `x-api-key`: 403.
    InvalidApiKey,
    /// An authorizer said no (identity missing, invalid, or `Unauthorized`): 401.
    Unauthorized,
    /// An authorizer's policy denied explicitly: 403.
    AccessDeniedExplicit,
    /// An authorizer's policy did not allow: 403.
    AccessDenied,
    /// The authorizer failed or returned something unusable: 500.
    AuthorizerFailure,
    /// A body over 10 MB: 413.
    RequestTooLarge,
    /// No template for the content type under `passThrough: NEVER`: 415.
    UnsupportedMediaType,
    /// The request failed the method's model: 400.
    BadRequestBody,
    /// Required request parameters missing: 400 (the message lists them).
    BadRequestParameters,
    /// Usage-plan throttle: 429.
    Throttled,
    /// Usage-plan quota: 429.
    QuotaExceeded,
    /// The integration did not answer within the integration timeout: 504.
    IntegrationTimeout,
    /// The HTTP integration's endpoint could not be reached (connection refused, reset, DNS):
    /// 504 `INTEGRATION_FAILURE`.
    IntegrationFailure,
    /// A Lambda error or a malformed proxy response: 502.
    BadGatewayLambda,
    /// Anything else that is the API's own fault: 500.
    InternalServerError,
}

impl GatewayError {
    pub fn status(self) -> u16 {
        use GatewayError::*;
        match self {
            MissingAuthenticationToken | InvalidApiKey | AccessDeniedExplicit | AccessDenied => 403,
            Unauthorized => 401,
            AuthorizerFailure | InternalServerError => 500,
            RequestTooLarge => 413,
            UnsupportedMediaType => 415,
            BadRequestBody | BadRequestParameters => 400,
            Throttled | QuotaExceeded => 429,
            IntegrationTimeout | IntegrationFailure => 504,
            BadGatewayLambda => 502,
        }
    }

    /// The default `message` (for [`BadRequestParameters`](Self::BadRequestParameters) the
    /// caller supplies the list).
    pub fn message(self) -> Option<&'static str> {
        use GatewayError::*;
        Some(match self {
            MissingAuthenticationToken => "Missing Authentication Token",
            InvalidApiKey => "Forbidden",
            Unauthorized => "Unauthorized",
            AccessDeniedExplicit => {
                "User is not authorized to access this resource with an explicit deny"
            }
            AccessDenied => "User is not authorized to access this resource",
            AuthorizerFailure => return None,
            RequestTooLarge => "Request Too Long",
            UnsupportedMediaType => "Unsupported Media Type",
            BadRequestBody => "Invalid request body",
            BadRequestParameters => "Missing required request parameters",
            Throttled => "Too Many Requests",
            QuotaExceeded => "Limit Exceeded",
            IntegrationTimeout => "Endpoint request timed out",
            IntegrationFailure => "Network error communicating with endpoint",
            BadGatewayLambda | InternalServerError => "Internal server error",
        })
    }

    /// The `x-amzn-ErrorType` header value.
    pub fn error_type(self) -> &'static str {
        use GatewayError::*;
        match self {
            MissingAuthenticationToken => "MissingAuthenticationTokenException",
            InvalidApiKey | AccessDenied => "ForbiddenException",
            AccessDeniedExplicit => "AccessDeniedException",
            Unauthorized => "UnauthorizedException",
            AuthorizerFailure => "AuthorizerConfigurationException",
            RequestTooLarge => "RequestEntityTooLargeException",
            UnsupportedMediaType => "UnsupportedMediaTypeException",
            BadRequestBody | BadRequestParameters => "BadRequestException",
            Throttled | QuotaExceeded => "TooManyRequestsException",
            IntegrationTimeout | IntegrationFailure => "InternalServerErrorException",
            BadGatewayLambda | InternalServerError => "InternalServerErrorException",
        }
    }

    /// The JSON body: `{"message":"..."}`; the explicit deny keeps AWS's capital `Message`.
    pub fn body(self, detail: Option<&str>) -> String {
        let key = if self == GatewayError::AccessDeniedExplicit {
            "Message"
        } else {
            "message"
        };
        let message = match (self, detail) {
            (GatewayError::BadRequestParameters, Some(list)) => {
                serde_json::Value::String(format!("Missing required request parameters: [{list}]"))
            }
            _ => self
                .message()
                .map_or(serde_json::Value::Null, |m| m.to_string().into()),
        };
        serde_json::json!({ key: message }).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::GatewayError::*;

    #[test]
    fn bodies_and_statuses_are_aws_s() {
        let cases = [
            (
                MissingAuthenticationToken,
                403,
                r#"{"message":"Missing Authentication Token"}"#,
            ),
            (InvalidApiKey, 403, r#"{"message":"Forbidden"}"#),
            (Unauthorized, 401, r#"{"message":"Unauthorized"}"#),
            (
                AccessDeniedExplicit,
                403,
                r#"{"Message":"User is not authorized to access this resource with an explicit deny"}"#,
            ),
            (AuthorizerFailure, 500, r#"{"message":null}"#),
            (
                IntegrationTimeout,
                504,
                r#"{"message":"Endpoint request timed out"}"#,
            ),
            (
                BadGatewayLambda,
                502,
                r#"{"message":"Internal server error"}"#,
            ),
            (RequestTooLarge, 413, r#"{"message":"Request Too Long"}"#),
            (Throttled, 429, r#"{"message":"Too Many Requests"}"#),
            (QuotaExceeded, 429, r#"{"message":"Limit Exceeded"}"#),
            (
                UnsupportedMediaType,
                415,
                r#"{"message":"Unsupported Media Type"}"#,
            ),
        ];
        for (e, status, body) in cases {
            assert_eq!(e.status(), status, "{e:?}");
            assert_eq!(e.body(None), body, "{e:?}");
        }
        assert_eq!(
            BadRequestParameters.body(Some("q, x-id")),
            r#"{"message":"Missing required request parameters: [q, x-id]"}"#
        );
    }
}
