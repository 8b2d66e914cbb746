//! Cases of the event source checks (`sqs`, `stream`, `kafka`, `msk`, `activemq`, `rabbitmq`).

use super::{HEAD, assert_cases as run, at, findings_for};
use crate::diag::codes;

/// A service whose function `f` (line 6) has the events `events` (from line 9, indented by 6).
fn with_events(events: &str) -> String {
    format!("{HEAD}functions:\n  f:\n    handler: h.f\n    events:\n{events}")
}

#[test]
fn sqs_checks() {
    run(vec![
        (
            "clean",
            with_events(
                "      - sqs: arn:aws:sqs:us-east-1:1:q\n      - sqs:\n          arn: arn:aws:sqs:us-east-1:1:big\n          batchSize: 100\n          maximumBatchingWindow: 1\n      - sqs:\n          arn: !GetAtt Queue.Arn\n",
            ),
            vec![],
        ),
        (
            "a Ref SF cannot name",
            with_events("      - sqs:\n          arn: !Ref QueueArn\n"),
            vec![at("10:16", "error", codes::EVENT_SOURCE)],
        ),
        (
            "no arn, a list, a number",
            with_events("      - sqs:\n          batchSize: 5\n      - sqs: [a]\n      - sqs: 5\n"),
            vec![
                at("10:11", "error", codes::EVENT_SOURCE),
                at("11:14", "error", codes::EVENT_SOURCE),
                // SF's validator makes it the string `5`, which AWS rejects
                at("12:14", "error", codes::EVENT_SOURCE_ARN),
            ],
        ),
        (
            "filter patterns as a mapping",
            with_events(
                "      - sqs:\n          arn: arn:aws:sqs:us-east-1:1:q\n          filterPatterns:\n            body: {a: [1]}\n",
            ),
            vec![at("12:13", "error", codes::EVENT_SOURCE)],
        ),
        (
            "not a queue's ARN",
            with_events("      - sqs: arn:aws:sns:us-east-1:1:topic\n"),
            vec![at("9:14", "error", codes::EVENT_SOURCE_ARN)],
        ),
        (
            "large batch without a window, FIFO batch and window",
            with_events(
                "      - sqs:\n          arn: arn:aws:sqs:us-east-1:1:q\n          batchSize: 11\n      - sqs:\n          arn: arn:aws:sqs:us-east-1:1:q.fifo\n          batchSize: 20\n          maximumBatchingWindow: 5\n",
            ),
            vec![
                at("11:22", "error", codes::BATCH_SIZE),
                at("14:22", "error", codes::BATCH_SIZE),
                at("15:34", "error", codes::BATCHING_WINDOW),
            ],
        ),
        (
            "a FIFO queue of the service's resources",
            format!(
                "{}resources:\n  Resources:\n    Q:\n      Type: AWS::SQS::Queue\n      Properties:\n        FifoQueue: true\n",
                with_events(
                    "      - sqs:\n          arn: !GetAtt Q.Arn\n          batchSize: 50\n          maximumBatchingWindow: 2\n"
                ),
            ),
            vec![
                at("11:22", "error", codes::BATCH_SIZE),
                at("12:34", "error", codes::BATCHING_WINDOW),
            ],
        ),
        (
            "the same queue twice",
            with_events(
                "      - sqs: arn:aws:sqs:us-east-1:1:q\n      - sqs: arn:aws:sqs:us-east-1:1:q\n",
            ),
            vec![at("10:9", "warning", codes::EVENT_SOURCE_DUPLICATE)],
        ),
        (
            "six filters, one too long",
            with_events(&format!(
                "      - sqs:\n          arn: arn:aws:sqs:us-east-1:1:q\n          filterPatterns:\n            - a: [1]\n            - a: [2]\n            - a: [3]\n            - a: [4]\n            - a: [5]\n            - a: ['{}']\n",
                "x".repeat(4100)
            )),
            vec![
                at("12:13", "warning", codes::FILTER_PATTERNS),
                at("17:15", "error", codes::FILTER_PATTERNS),
            ],
        ),
    ]);
}

#[test]
fn stream_checks() {
    run(vec![
        (
            "clean",
            with_events(
                "      - stream: arn:aws:dynamodb:us-east-1:1:table/T/stream/2024\n      - stream:\n          type: kinesis\n          arn: !GetAtt S.Arn\n          consumer: true\n          startingPosition: AT_TIMESTAMP\n          startingPositionTimestamp: 1700000000\n",
            ),
            // SF's deprecation of consumer names without the service
            vec![at("13:21", "warning", codes::DEPRECATED)],
        ),
        (
            "an intrinsic without type, a Sub SF cannot name",
            with_events(
                "      - stream:\n          arn: !GetAtt S.Arn\n      - stream:\n          type: kinesis\n          arn: !Sub 'arn:aws:kinesis:${AWS::Region}:1:stream/s'\n",
            ),
            vec![
                at("10:16", "error", codes::EVENT_SOURCE),
                at("13:16", "error", codes::EVENT_SOURCE),
            ],
        ),
        (
            "an ARN without a name",
            with_events("      - stream: arn:aws:kinesis:us-east-1:1:stream\n"),
            vec![at("9:17", "error", codes::EVENT_SOURCE)],
        ),
        (
            "not a stream, a table's ARN",
            with_events(
                "      - stream: arn:aws:sqs:us-east-1:1:queue/x\n      - stream: arn:aws:dynamodb:us-east-1:1:table/T\n",
            ),
            vec![
                at("9:17", "error", codes::STREAM_TYPE),
                at("10:17", "error", codes::EVENT_SOURCE_ARN),
            ],
        ),
        (
            "AT_TIMESTAMP: DynamoDB, consumer without timestamp, no consumer",
            format!(
                "{HEAD}  kinesis:\n    consumerNamingMode: serviceSpecific\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - stream:\n          arn: arn:aws:dynamodb:us-east-1:1:table/T/stream/1\n          startingPosition: AT_TIMESTAMP\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:1:stream/a\n          consumer: true\n          startingPosition: AT_TIMESTAMP\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:1:stream/b\n          startingPosition: AT_TIMESTAMP\n          startingPositionTimestamp: 1700000000\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:1:stream/c\n          startingPositionTimestamp: 1700000000\n",
            ),
            vec![
                at("13:29", "error", codes::STARTING_POSITION),
                at("17:29", "error", codes::STARTING_POSITION),
                at("20:29", "error", codes::STARTING_POSITION),
                at("24:38", "warning", codes::STARTING_POSITION),
            ],
        ),
        (
            "consumer on DynamoDB, a consumer name too long",
            format!(
                "{HEAD}  kinesis:\n    consumerNamingMode: serviceSpecific\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - stream:\n          arn: arn:aws:dynamodb:us-east-1:1:table/T/stream/1\n          consumer: true\n      - stream:\n          type: kinesis\n          arn: !GetAtt {}.Arn\n          consumer: true\n",
                "S".repeat(130)
            ),
            vec![
                at("13:21", "warning", codes::STREAM_CONSUMER),
                at("17:21", "error", codes::STREAM_CONSUMER),
            ],
        ),
        (
            "destinations: no onFailure, an intrinsic without type, a Lambda function, a bucket",
            with_events(
                "      - stream:\n          arn: arn:aws:kinesis:us-east-1:1:stream/a\n          destinations: {}\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:1:stream/b\n          destinations:\n            onFailure:\n              arn: !GetAtt Q.Arn\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:1:stream/c\n          destinations:\n            onFailure: arn:aws:lambda:us-east-1:1:function:x\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:1:stream/d\n          destinations:\n            onFailure: arn:aws:s3:::failures\n",
            ),
            vec![
                at("11:25", "error", codes::EVENT_SOURCE),
                at("16:20", "error", codes::EVENT_SOURCE),
                at("20:24", "error", codes::STREAM_DESTINATION),
                at("24:24", "warning", codes::STREAM_DESTINATION),
            ],
        ),
    ]);
}

#[test]
fn kafka_and_msk_checks() {
    const SECRET: &str = "arn:aws:secretsmanager:us-east-1:1:secret:s";
    run(vec![
        (
            "clean",
            with_events(&format!(
                "      - kafka:\n          topic: orders.v1\n          bootstrapServers: [b-1.example.com:9092]\n          consumerGroupId: group-1\n          accessConfigurations:\n            saslScram512Auth: [{SECRET}]\n      - msk:\n          arn: arn:aws:kafka:us-east-1:1:cluster/c/uuid\n          topic: t\n"
            )),
            vec![],
        ),
        (
            "a subnet without a security group; AT_TIMESTAMP without timestamp",
            with_events(
                "      - kafka:\n          topic: t\n          bootstrapServers: [b:9092]\n          startingPosition: AT_TIMESTAMP\n          accessConfigurations:\n            vpcSubnet: [subnet-1]\n      - msk:\n          arn: arn:aws:kafka:us-east-1:1:cluster/c/uuid\n          topic: t\n          startingPosition: AT_TIMESTAMP\n",
            ),
            vec![
                at("12:29", "error", codes::STARTING_POSITION),
                at("14:13", "error", codes::KAFKA_ACCESS),
                at("18:29", "error", codes::STARTING_POSITION),
            ],
        ),
        (
            "no access configurations; a topic that is a mapping",
            with_events(&format!(
                "      - kafka:\n          topic: t\n          bootstrapServers: [b:9092]\n      - kafka:\n          topic: {{a: 1}}\n          bootstrapServers: [b:9092]\n          accessConfigurations:\n            saslPlainAuth: [{SECRET}]\n"
            )),
            vec![
                at("10:11", "error", codes::EVENT_SOURCE),
                at("13:18", "error", codes::EVENT_SOURCE),
            ],
        ),
        (
            "bad topic, group id, server; the same topic twice",
            with_events(&format!(
                "      - kafka:\n          topic: 'orders v1'\n          bootstrapServers: [b-1.example.com]\n          consumerGroupId: 'group 1'\n          accessConfigurations:\n            saslPlainAuth: [{SECRET}]\n      - kafka:\n          topic: 'orders v1'\n          bootstrapServers: [b:9092]\n          accessConfigurations:\n            saslPlainAuth: [{SECRET}]\n"
            )),
            vec![
                at("10:18", "error", codes::KAFKA_TOPIC),
                at("11:30", "error", codes::KAFKA_BOOTSTRAP_SERVER),
                at("12:28", "error", codes::KAFKA_CONSUMER_GROUP),
                at("15:9", "warning", codes::EVENT_SOURCE_DUPLICATE),
                at("16:18", "error", codes::KAFKA_TOPIC),
            ],
        ),
        (
            "MSK: a Sub SF cannot name, not a cluster's ARN",
            with_events(
                "      - msk:\n          arn: !Sub 'arn:aws:kafka:${AWS::Region}:1:cluster/c/u'\n          topic: t\n      - msk:\n          arn: arn:aws:kafka:us-east-1:1:configuration/c/u\n          topic: t\n",
            ),
            vec![
                at("10:16", "error", codes::EVENT_SOURCE),
                at("13:16", "error", codes::EVENT_SOURCE_ARN),
            ],
        ),
    ]);
}

#[test]
fn mq_checks() {
    const BROKER: &str = "arn:aws:mq:us-east-1:1:broker:b:b-1234";
    const SECRET: &str = "arn:aws:secretsmanager:us-east-1:1:secret:s";
    run(vec![
        (
            "clean",
            with_events(&format!(
                "      - activemq:\n          arn: {BROKER}\n          basicAuthArn: {SECRET}\n          queue: q\n      - rabbitmq:\n          arn: {BROKER}\n          basicAuthArn: {SECRET}\n          queue: q\n          virtualHost: /v\n"
            )),
            vec![],
        ),
        (
            "a string, no queue, the same queue twice",
            with_events(&format!(
                "      - activemq: {BROKER}\n      - rabbitmq:\n          arn: {BROKER}\n          basicAuthArn: {SECRET}\n      - rabbitmq:\n          arn: {BROKER}\n          basicAuthArn: {SECRET}\n          queue: q\n      - rabbitmq:\n          arn: {BROKER}\n          basicAuthArn: {SECRET}\n          queue: q\n"
            )),
            vec![
                at("9:19", "error", codes::EVENT_SOURCE),
                at("11:11", "error", codes::EVENT_SOURCE),
                at("17:9", "warning", codes::EVENT_SOURCE_DUPLICATE),
            ],
        ),
    ]);
}

#[test]
fn numbers_out_of_lambdas_ranges() {
    run(vec![
        (
            "sqs: batch, window, concurrency (0 batch: SF writes 10)",
            with_events(
                "      - sqs:\n          arn: arn:aws:sqs:us-east-1:1:q\n          batchSize: 20000\n          maximumBatchingWindow: 301\n          maximumConcurrency: 1\n      - sqs:\n          arn: arn:aws:sqs:us-east-1:1:r\n          batchSize: 0\n",
            ),
            vec![
                at("11:22", "error", codes::BATCH_SIZE),
                at("12:34", "error", codes::BATCHING_WINDOW),
                at("13:31", "error", codes::EVENT_SOURCE_RANGE),
            ],
        ),
        (
            "stream: every bounded number (0 factor and age: SF leaves them out)",
            with_events(
                "      - stream:\n          arn: arn:aws:kinesis:us-east-1:1:stream/s\n          batchWindow: 301\n          parallelizationFactor: 11\n          maximumRetryAttempts: -2\n          maximumRecordAgeInSeconds: 30\n          tumblingWindowInSeconds: '901'\n      - stream:\n          arn: arn:aws:kinesis:us-east-1:1:stream/t\n          parallelizationFactor: 0\n          maximumRecordAgeInSeconds: 0\n",
            ),
            vec![
                at("11:24", "error", codes::BATCHING_WINDOW),
                at("12:34", "error", codes::EVENT_SOURCE_RANGE),
                at("13:33", "error", codes::EVENT_SOURCE_RANGE),
                at("14:38", "error", codes::EVENT_SOURCE_RANGE),
                at("15:36", "error", codes::EVENT_SOURCE_RANGE),
            ],
        ),
        (
            "kafka: a fractional batch",
            with_events(
                "      - kafka:\n          topic: t\n          bootstrapServers: [b:9092]\n          batchSize: 2.5\n          accessConfigurations:\n            saslPlainAuth: [arn:aws:secretsmanager:us-east-1:1:secret:s]\n",
            ),
            vec![at("12:22", "error", codes::BATCH_SIZE)],
        ),
    ]);
}

#[test]
fn the_consumer_name_follows_the_stage() {
    // `f<stream>demodevConsumer`: 128 characters at stage `dev`, 129 at `prod`
    let stream = "S".repeat(128 - "fdemodevConsumer".len());
    let text = format!(
        "{HEAD}  kinesis:\n    consumerNamingMode: serviceSpecific\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - stream:\n          arn: !GetAtt {stream}.Arn\n          type: kinesis\n          consumer: true\n"
    );
    assert_eq!(
        findings_for(&text, "dev", "us-east-1"),
        Vec::<String>::new()
    );
    assert_eq!(
        findings_for(&text, "prod", "us-east-1"),
        vec![at("14:21", "error", codes::STREAM_CONSUMER)]
    );
}
