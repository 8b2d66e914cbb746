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

// --- the command line (`invoke`, `generate`, `logs`): what was asked for is not there or
// cannot be read
pub const CLI_UNKNOWN_FUNCTION: &str = "cli::unknown-function";
pub const CLI_BAD_DATA: &str = "cli::bad-data";
pub const CLI_UNKNOWN_EVENT_SOURCE: &str = "cli::unknown-event-source";
pub const CLI_GENERATE: &str = "cli::generate";
pub const CLI_LOG_FILTER: &str = "cli::log-filter";
pub const CLI_RUNTIME: &str = "cli::runtime";
