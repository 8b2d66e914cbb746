//! The stable diagnostic codes. A code names a kind of problem; its text may improve over time,
//! its code does not change.

// --- reading the file
pub const IO: &str = "io::read";
pub const CONFIG_NOT_FOUND: &str = "io::config-not-found";
pub const NOT_UTF8: &str = "io::not-utf8";
pub const TOO_LARGE: &str = "io::too-large";

// --- YAML
pub const YAML_SYNTAX: &str = "yaml::syntax";
pub const YAML_EMPTY: &str = "yaml::empty";
pub const YAML_NOT_MAPPING: &str = "yaml::not-a-mapping";
pub const YAML_DUPLICATE_KEY: &str = "yaml::duplicate-key";
pub const YAML_COMPLEX_KEY: &str = "yaml::complex-key";
pub const YAML_ALIAS_LIMIT: &str = "yaml::alias-limit";
pub const YAML_DEPTH_LIMIT: &str = "yaml::depth-limit";
pub const YAML_UNKNOWN_TAG: &str = "yaml::unknown-tag";
pub const YAML_BAD_MERGE: &str = "yaml::bad-merge";
pub const YAML_MULTI_DOC: &str = "yaml::multiple-documents";
pub const YAML_TIMESTAMP: &str = "yaml::timestamp";
pub const YAML_TAB: &str = "yaml::tab-indent";

// --- variables
pub const VAR_SYNTAX: &str = "var::syntax";
pub const VAR_UNRESOLVED: &str = "var::unresolved";
pub const VAR_CYCLE: &str = "var::cycle";
pub const VAR_NOT_STRING: &str = "var::not-a-string";
pub const VAR_UNKNOWN_SOURCE: &str = "var::unknown-source";
pub const VAR_UNSUPPORTED_SOURCE: &str = "var::unsupported-source";
pub const VAR_FILE: &str = "var::file";
pub const VAR_DEPTH: &str = "var::depth";
pub const VAR_ARGUMENT: &str = "var::bad-argument";
pub const VAR_BUDGET: &str = "var::budget";

// --- schema
pub const SCHEMA_TYPE: &str = "schema::type";
pub const SCHEMA_UNKNOWN_KEY: &str = "schema::unknown-key";
pub const SCHEMA_REQUIRED: &str = "schema::required";
pub const SCHEMA_ENUM: &str = "schema::enum";
pub const SCHEMA_PATTERN: &str = "schema::pattern";
pub const SCHEMA_RANGE: &str = "schema::range";
pub const SCHEMA_OTHER: &str = "schema::invalid";

// --- semantic checks
pub const SEM_MISSING_FUNCTION: &str = "check::missing-function";
pub const SEM_DUPLICATE_ROUTE: &str = "check::duplicate-route";
pub const SEM_CLAIMS_ON_PROXY: &str = "check::claims-on-proxy";
pub const SEM_MISSING_HANDLER: &str = "check::missing-handler";
pub const SEM_PROVIDER: &str = "check::provider";
pub const SEM_MISSING_PATH: &str = "check::missing-path";
pub const SEM_NAME_TOO_LONG: &str = "check::name-too-long";
pub const SEM_MEMORY_SIZE: &str = "check::memory-size";
pub const SEM_RUNTIME: &str = "check::runtime";
pub const SEM_STAGE_NAME: &str = "check::stage-name";
pub const SEM_MISSING_URI: &str = "check::missing-uri";
pub const SEM_KEY_WITHOUT_PLAN: &str = "check::key-without-plan";
pub const SEM_REST_API_ROOT: &str = "check::rest-api-root";
pub const SEM_UNSUPPORTED_EVENT: &str = "check::unsupported-event";
pub const SEM_IGNORED: &str = "check::ignored";
pub const SEM_OTHER: &str = "check::invalid";
pub const SEM_TIMEOUT: &str = "check::timeout";

// --- lowering (values of a shape slsc cannot use, left by `configValidationMode: warn`)
pub const LOWER_SHAPE: &str = "lower::invalid-shape";
pub const LOWER_AUTHORIZER: &str = "lower::authorizer";

// --- more semantic checks
pub const SEM_PATH_VARIABLE: &str = "check::path-variable-conflict";
pub const SEM_HTTP_TIMEOUT: &str = "check::http-timeout";
pub const SEM_ALIAS_CONFLICT: &str = "check::provisioned-concurrency-with-snapstart";

// --- httpApi events (API Gateway v2 HTTP APIs)
pub const HTTP_API_ROUTE: &str = "check::http-api-route";
pub const HTTP_API_MISSING_METHOD: &str = "check::http-api-missing-method";
pub const HTTP_API_METHOD: &str = "check::http-api-method";
pub const HTTP_API_PATH: &str = "check::http-api-path";
pub const HTTP_API_ROUTE_AUTHORIZER: &str = "check::http-api-route-authorizer";
pub const HTTP_API_UNKNOWN_AUTHORIZER: &str = "check::http-api-unknown-authorizer";
pub const HTTP_API_AUTHORIZER_FUNCTION: &str = "check::http-api-authorizer-function";
pub const HTTP_API_AUTHORIZER_CACHE: &str = "check::http-api-authorizer-cache";
pub const HTTP_API_JWT: &str = "check::http-api-jwt";
pub const HTTP_API_PAYLOAD: &str = "check::http-api-payload";
pub const HTTP_API_EXTERNAL: &str = "check::http-api-external";
pub const HTTP_API_TIMEOUT: &str = "check::http-api-timeout";
pub const HTTP_API_QUOTA: &str = "check::http-api-quota";
pub const DEPRECATED: &str = "check::deprecated";

// --- sns, s3, cognitoUserPool, iot, iotFleetProvisioning and cloudFront events
pub const SNS_TOPIC_NAME: &str = "check::sns-topic-name";
pub const SNS_FILTER_POLICY_SCOPE: &str = "check::sns-filter-policy-scope";
pub const S3_BUCKET: &str = "check::s3-bucket";
pub const S3_BUCKET_NAME: &str = "check::s3-bucket-name";
pub const S3_EVENT: &str = "check::s3-event";
pub const S3_FILTER_RULES: &str = "check::s3-filter-rules";
pub const S3_OVERLAP: &str = "check::s3-overlapping-notifications";
pub const S3_EXISTING_BUCKETS: &str = "check::s3-existing-buckets-per-function";
pub const COGNITO_KMS_KEY: &str = "check::cognito-kms-key";
pub const COGNITO_DUPLICATE_TRIGGER: &str = "check::cognito-duplicate-trigger";
pub const COGNITO_EXISTING_POOLS: &str = "check::cognito-existing-pools-per-function";
pub const IOT_FLEET_PROVISIONING: &str = "check::iot-fleet-provisioning";
pub const IOT_RULE_NAME: &str = "check::iot-rule-name";
pub const CLOUDFRONT_REGION: &str = "check::cloudfront-region";
pub const LAMBDA_EDGE: &str = "check::lambda-edge";
pub const CLOUDFRONT_ORIGIN: &str = "check::cloudfront-origin";
pub const CLOUDFRONT_BEHAVIOR: &str = "check::cloudfront-behavior";
pub const CLOUDFRONT_CACHE_POLICY: &str = "check::cloudfront-cache-policy";
// --- schedule, cloudwatchEvent, cloudwatchLog and eventBridge events
pub const SF_JSON_TEXT: &str = "lower::sf-json-text";
pub const SCHEDULE_NAME_WITH_RATES: &str = "check::schedule-name-with-several-rates";
pub const SCHEDULE_PARAMETER: &str = "check::schedule-parameter";
pub const SCHEDULE_EXPRESSION: &str = "check::schedule-expression";
pub const EVENT_INPUT_PROPERTIES: &str = "check::event-input-properties";
pub const EVENT_INPUT_JSON: &str = "check::event-input-json";
pub const EVENT_TARGET_ID: &str = "check::event-target-id";
pub const CLOUDWATCH_EVENT_PATTERN: &str = "check::cloudwatch-event-pattern";
pub const LOG_SUBSCRIPTION_LIMIT: &str = "check::log-subscription-limit";
pub const EVENT_BRIDGE_CUSTOM_RESOURCE: &str = "check::event-bridge-custom-resource";
pub const EVENT_BRIDGE_SCHEDULE_BUS: &str = "check::event-bridge-schedule-bus";
pub const EVENT_BRIDGE_BUS_NAME: &str = "check::event-bridge-bus-name";
pub const SCHEDULER_ROLE: &str = "check::scheduler-role";
pub const EVENT_RULE_NAME: &str = "check::event-rule-name";
pub const EVENT_EMPTY_SETTING: &str = "check::event-empty-setting";
// --- event sources (`sqs`, `stream`, `kafka`, `msk`, `activemq`, `rabbitmq`)
pub const EVENT_SOURCE: &str = "check::event-source";
pub const EVENT_SOURCE_ARN: &str = "check::event-source-arn";
pub const EVENT_SOURCE_DUPLICATE: &str = "check::event-source-duplicate";
pub const BATCH_SIZE: &str = "check::batch-size";
pub const BATCHING_WINDOW: &str = "check::batching-window";
pub const EVENT_SOURCE_RANGE: &str = "check::event-source-range";
pub const FILTER_PATTERNS: &str = "check::filter-patterns";
pub const STARTING_POSITION: &str = "check::starting-position";
pub const STREAM_TYPE: &str = "check::stream-type";
pub const STREAM_CONSUMER: &str = "check::stream-consumer";
pub const STREAM_DESTINATION: &str = "check::stream-destination";
pub const KAFKA_ACCESS: &str = "check::kafka-access";
pub const KAFKA_TOPIC: &str = "check::kafka-topic";
pub const KAFKA_CONSUMER_GROUP: &str = "check::kafka-consumer-group";
pub const KAFKA_BOOTSTRAP_SERVER: &str = "check::kafka-bootstrap-server";
// --- function settings: URLs, destinations, file systems, runtime management
pub const DESTINATION_FUNCTION: &str = "check::destination-function";
pub const DESTINATION_TARGET: &str = "check::destination-target";
pub const FILE_SYSTEM_VPC: &str = "check::file-system-without-vpc";
pub const RUNTIME_MANAGEMENT: &str = "check::runtime-management";
pub const FUNCTION_URL_CORS: &str = "check::function-url-cors";

// --- top-level layers
pub const LAYER_CONTENT: &str = "check::layer-content";
pub const LAYER_ACCOUNT: &str = "check::layer-account";
pub const LAYER_REFERENCE: &str = "check::layer-reference";

// --- websocket events
pub const WEBSOCKET_AUTHORIZER_FUNCTION: &str = "check::websocket-authorizer-function";
pub const WEBSOCKET_AUTHORIZER_ROUTE: &str = "check::websocket-authorizer-route";
pub const WEBSOCKET_ROUTE_CONFLICT: &str = "check::websocket-route-conflict";
pub const WEBSOCKET_LOG_LEVEL: &str = "check::websocket-log-level";

// --- alb events
pub const ALB_CONDITIONS: &str = "check::alb-conditions";
pub const ALB_LISTENER_ARN: &str = "check::alb-listener-arn";
pub const ALB_TARGET_GROUP_NAME: &str = "check::alb-target-group-name";
pub const ALB_AUTHORIZER: &str = "check::alb-authorizer";
pub const ALB_PRIORITY: &str = "check::alb-priority";
pub const ALB_HEALTH_CHECK: &str = "check::alb-health-check";
// --- the command line (`invoke`, `generate`, `logs`): what was asked for is not there or
// cannot be read
pub const CLI_UNKNOWN_FUNCTION: &str = "cli::unknown-function";
pub const CLI_BAD_DATA: &str = "cli::bad-data";
pub const CLI_UNKNOWN_EVENT_SOURCE: &str = "cli::unknown-event-source";
pub const CLI_GENERATE: &str = "cli::generate";
pub const CLI_LOG_FILTER: &str = "cli::log-filter";
pub const CLI_RUNTIME: &str = "cli::runtime";
