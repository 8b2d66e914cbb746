//! Tests of the framed Runtime API exchange: each frame kind, the answers' checks and limits,
//! and malformed input (which ends the connection, never the emulator).

use super::*;
use crate::emulate::runtime::api::{Inflight, Job, Reply};
use crate::emulate::runtime::errors::MAX_RESPONSE_BYTES;
use crate::emulate::test_support::eventually;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};
use tokio::io::DuplexStream;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

const ID: &str = "0b7d1f2e-3c4a-4b5d-8e6f-7a8b9c0d1e2f";

struct Fixture {
    state: Arc<ApiState>,
    jobs: mpsc::Sender<Job>,
    client: DuplexStream,
    server: JoinHandle<()>,
}

fn start() -> Fixture {
    let (jobs, rx) = mpsc::channel(1);
    let state = Arc::new(ApiState {
        jobs: tokio::sync::Mutex::new(rx),
        inflight: Mutex::new(Inflight::default()),
        arn: "arn:aws:lambda:us-east-1:123456789012:function:svc-dev-f".into(),
        current: Arc::new(Mutex::new(None)),
        ready: watch::Sender::new(false),
        retire: Default::default(),
    });
    let (client, server_end) = tokio::io::duplex(1 << 16);
    let server = tokio::spawn(serve(server_end, state.clone()));
    Fixture {
        state,
        jobs,
        client,
        server,
    }
}

/// Expects an invocation `ID` of `state`: the receiver of its answer.
fn expect(state: &ApiState) -> oneshot::Receiver<Reply> {
    let (tx, rx) = oneshot::channel();
    let mut inf = state.inflight.lock().unwrap();
    inf.request_id = Some(ID.to_string());
    inf.reply = Some(tx);
    inf.handed_out = None;
    rx
}

fn frame(kind: u8, strings: &[&str], rest: &[u8]) -> Vec<u8> {
    let mut p = Vec::new();
    for s in strings {
        p.extend_from_slice(&(s.len() as u16).to_le_bytes());
        p.extend_from_slice(s.as_bytes());
    }
    p.extend_from_slice(rest);
    let mut out = vec![kind];
    out.extend_from_slice(&(p.len() as u32).to_le_bytes());
    out.extend_from_slice(&p);
    out
}

/// Reads one `J` frame: (deadline, id, arn, trace id, event).
async fn read_job(c: &mut DuplexStream) -> (u64, String, String, String, Vec<u8>) {
    let mut head = [0u8; 5];
    c.read_exact(&mut head).await.unwrap();
    assert_eq!(head[0], b'J');
    let len = u32::from_le_bytes(head[1..5].try_into().unwrap()) as usize;
    let mut p = vec![0u8; len];
    c.read_exact(&mut p).await.unwrap();
    let deadline = u64::from_le_bytes(p[..8].try_into().unwrap());
    let mut at = 8;
    let mut s = || {
        let n = u16::from_le_bytes([p[at], p[at + 1]]) as usize;
        let v = String::from_utf8(p[at + 2..at + 2 + n].to_vec()).unwrap();
        at += 2 + n;
        v
    };
    let (id, arn, trace, _context) = (s(), s(), s(), s());
    (deadline, id, arn, trace, p[at..].to_vec())
}

async fn ended(server: JoinHandle<()>) {
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the connection ends")
        .expect("no panic");
}

#[tokio::test]
async fn a_job_goes_out_and_its_response_comes_back() {
    let mut f = start();
    let reply = expect(&f.state);
    f.client.write_all(&frame(b'N', &[], b"")).await.unwrap();
    let payload = Bytes::from_static(br#"{"path":"/hello"}"#);
    let before = errors_now_ms();
    f.jobs
        .send(Job {
            client_context: None,
            request_id: ID.into(),
            payload: payload.clone(),
            timeout: Duration::from_secs(6),
        })
        .await
        .unwrap();
    let (deadline, id, arn, trace, event) = read_job(&mut f.client).await;
    let after = errors_now_ms();
    // the deadline is the hand-out time plus the timeout, whenever the hand-out happened
    assert!(
        before + 6_000 <= deadline && deadline <= after + 6_000,
        "{deadline} vs {before}..{after}"
    );
    assert_eq!(id, ID);
    assert_eq!(arn, f.state.arn);
    assert!(trace.starts_with("Root=1-"), "{trace}");
    assert_eq!(event, payload);
    let taken = f.state.inflight.lock().unwrap().handed_out;
    assert!(
        taken.is_some_and(|t| t <= Instant::now()),
        "the hand-out is recorded"
    );
    assert_eq!(f.state.current.lock().unwrap().as_deref(), Some(ID));

    // the answer and the request for the next job travel together
    let mut both = frame(b'R', &[ID], br#"{"statusCode":200}"#);
    both.extend(frame(b'N', &[], b""));
    f.client.write_all(&both).await.unwrap();
    match reply.await.unwrap() {
        Reply::Response(b) => assert_eq!(b, r#"{"statusCode":200}"#),
        r => panic!("{r:?}"),
    }
    // waiting for the next job: the output is no longer tagged
    eventually("the output is no longer tagged", || {
        f.state.current.lock().unwrap().is_none()
    })
    .await;
    // the worker goes away: the connection ends
    drop(f.jobs);
    ended(f.server).await;
}

#[tokio::test]
async fn a_runtime_asks_to_be_replaced() {
    let mut f = start();
    assert!(!*f.state.ready.borrow());
    f.client.write_all(&frame(b'N', &[], b"")).await.unwrap();
    let mut ready = f.state.ready.subscribe();
    tokio::time::timeout(Duration::from_secs(5), ready.wait_for(|r| *r))
        .await
        .expect("asking for a job marks the runtime ready")
        .unwrap();
    assert!(!f.state.retire.load(std::sync::atomic::Ordering::Acquire));
    // asked during an invocation (when the handler made the runtime set the trace id)
    let _reply = expect(&f.state);
    f.jobs
        .send(Job {
            client_context: None,
            request_id: ID.into(),
            payload: Bytes::from_static(b"{}"),
            timeout: Duration::from_secs(6),
        })
        .await
        .unwrap();
    read_job(&mut f.client).await;
    // a retire frame carries nothing; one with a payload is malformed and ends the connection
    f.client.write_all(&frame(b'X', &[], b"")).await.unwrap();
    f.client.write_all(&frame(b'X', &[], b"?")).await.unwrap();
    ended(f.server).await;
    assert!(f.state.retire.load(std::sync::atomic::Ordering::Acquire));
}

fn errors_now_ms() -> u64 {
    crate::common::time::epoch_millis(SystemTime::now())
}

#[tokio::test]
async fn errors_are_delivered_as_lambda_error_json() {
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "Runtime.Custom",
            b"boom",
            r#"{"errorType":"Runtime.Custom","errorMessage":"boom"}"#,
        ),
        ("", b"", r#"{"errorType":"Unhandled","errorMessage":""}"#),
        (
            "Ignored",
            br#"{"errorType":"E","errorMessage":"m"}"#,
            r#"{"errorType":"E","errorMessage":"m"}"#,
        ),
    ];
    for (kind, body, want) in cases {
        let mut f = start();
        let reply = expect(&f.state);
        f.client
            .write_all(&frame(b'E', &[ID, kind], body))
            .await
            .unwrap();
        match reply.await.unwrap() {
            Reply::Error(b) => assert_eq!(b, want, "{kind}"),
            r => panic!("{r:?}"),
        }
    }
}

#[tokio::test]
async fn init_errors_fail_the_waiting_invocation_or_the_next() {
    let mut f = start();
    f.client
        .write_all(&frame(b'I', &["Runtime.ImportModuleError"], b"no module"))
        .await
        .unwrap();
    let mut ack = [0u8; 5];
    f.client.read_exact(&mut ack).await.unwrap();
    assert_eq!(&ack, b"A\0\0\0\0", "acknowledged once taken");
    assert_eq!(
        f.state.inflight.lock().unwrap().init_error.as_deref(),
        Some(&br#"{"errorType":"Runtime.ImportModuleError","errorMessage":"no module"}"#[..])
    );

    let mut f = start();
    let reply = expect(&f.state);
    f.client
        .write_all(&frame(
            b'I',
            &["Runtime.X"],
            br#"{"errorType":"Runtime.X","errorMessage":"m"}"#,
        ))
        .await
        .unwrap();
    assert!(matches!(reply.await.unwrap(), Reply::InitError(_)));
}

#[tokio::test]
async fn an_answer_for_another_request_is_ignored() {
    let mut f = start();
    let reply = expect(&f.state);
    let other = "11111111-2222-4333-8444-555555555555";
    let mut both = frame(b'R', &[other], b"{}");
    both.extend(frame(b'E', &[other, "E"], b"x"));
    both.extend(frame(b'R', &["\u{e9}"], b"{}"));
    // then the answer for the invocation in flight: frames are served in order, so the reply
    // is this one only if the three before it were ignored (and the connection still served)
    both.extend(frame(b'R', &[ID], b"1"));
    f.client.write_all(&both).await.unwrap();
    assert!(matches!(reply.await.unwrap(), Reply::Response(b) if b == "1"));
}

#[tokio::test]
async fn responses_over_6_mb_fail_as_too_large() {
    // read in full (under the frame limit), and far over it (skipped unread)
    for size in [MAX_RESPONSE_BYTES + 1, MAX_FRAME + 10] {
        let f = start();
        let reply = expect(&f.state);
        let body = vec![b'x'; size];
        let msg = frame(b'R', &[ID], &body);
        let mut w = f.client;
        let writer = tokio::spawn(async move {
            w.write_all(&msg).await.unwrap();
            // a frame after it is still read
            w.write_all(&frame(b'N', &[], b"")).await.unwrap();
            w
        });
        assert!(matches!(reply.await.unwrap(), Reply::TooLarge), "{size}");
        let mut w = writer.await.unwrap();
        let reply = expect(&f.state);
        f.jobs
            .send(Job {
                client_context: None,
                request_id: ID.into(),
                payload: Bytes::from_static(b"{}"),
                timeout: Duration::from_secs(1),
            })
            .await
            .unwrap();
        let (_, id, ..) = read_job(&mut w).await;
        assert_eq!(id, ID);
        drop(reply);
    }
    // an exactly 6 MB response is fine
    let mut f = start();
    let reply = expect(&f.state);
    let body = vec![b'1'; MAX_RESPONSE_BYTES];
    let msg = frame(b'R', &[ID], &body);
    let writer = tokio::spawn(async move { f.client.write_all(&msg).await });
    assert!(matches!(reply.await.unwrap(), Reply::Response(b) if b.len() == MAX_RESPONSE_BYTES));
    writer.await.unwrap().unwrap();
}

#[tokio::test]
async fn streamed_parts_reach_the_sink_in_order_then_the_end() {
    let mut f = start();
    let answer = expect(&f.state);
    let (sink, mut parts) = mpsc::channel(8);
    f.state.inflight.lock().unwrap().stream = Some(sink);
    let mut bytes = frame(b'H', &[ID, "text/plain"], b"");
    bytes.extend(frame(b'S', &[ID], b"one"));
    bytes.extend(frame(b'S', &["another-request"], b"lost"));
    bytes.extend(frame(b'S', &[ID], b"two"));
    bytes.extend(frame(b'R', &[ID], b""));
    f.client.write_all(&bytes).await.unwrap();
    let Ok(Reply::Response(body)) = answer.await else {
        panic!("the stream's end is the answer");
    };
    assert!(body.is_empty());
    let mut got = Vec::new();
    while let Ok(p) = parts.try_recv() {
        got.push(p);
    }
    assert_eq!(
        got,
        [
            api::StreamPart::Head {
                content_type: "text/plain".into()
            },
            api::StreamPart::Chunk(Bytes::from_static(b"one")),
            api::StreamPart::Chunk(Bytes::from_static(b"two")),
        ]
    );
    assert!(f.state.inflight.lock().unwrap().stream.is_none());
}

#[tokio::test]
async fn a_stream_nobody_reads_is_the_response_up_to_6_mb() {
    let mut f = start();
    let answer = expect(&f.state);
    let mut bytes = frame(b'H', &[ID, "text/plain"], b"");
    bytes.extend(frame(b'S', &[ID], b"ab"));
    bytes.extend(frame(b'R', &[ID], b"c"));
    f.client.write_all(&bytes).await.unwrap();
    let Ok(Reply::Response(body)) = answer.await else {
        panic!("a response");
    };
    assert_eq!(body, "abc");
    let answer = expect(&f.state);
    let chunk = vec![b'x'; 1024 * 1024];
    let head = frame(b'H', &[ID, "text/plain"], b"");
    f.client.write_all(&head).await.unwrap();
    for _ in 0..=MAX_RESPONSE_BYTES / chunk.len() {
        f.client
            .write_all(&frame(b'S', &[ID], &chunk))
            .await
            .unwrap();
    }
    f.client.write_all(&frame(b'R', &[ID], b"")).await.unwrap();
    assert!(matches!(answer.await, Ok(Reply::TooLarge)));
}

#[tokio::test]
async fn malformed_frames_end_the_connection() {
    let huge = {
        let mut v = vec![b'E'];
        v.extend_from_slice(&u32::MAX.to_le_bytes());
        v
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("unknown kind", frame(b'Z', &[], b"")),
        ("next with a payload", frame(b'N', &[], b"x")),
        (
            "string longer than the frame",
            vec![b'R', 3, 0, 0, 0, 200, 0, b'a'],
        ),
        ("error without its type", frame(b'E', &[ID], b"")),
        (
            "stream head without its content type",
            frame(b'H', &[ID], b""),
        ),
        (
            "stream chunk without its request id",
            vec![b'S', 3, 0, 0, 0, 9, 0, b'a'],
        ),
        ("oversized non-response", huge),
    ];
    for (what, bytes) in cases {
        let mut f = start();
        f.client.write_all(&bytes).await.unwrap();
        tokio::time::timeout(Duration::from_secs(5), f.server)
            .await
            .unwrap_or_else(|_| panic!("{what}: the connection ends"))
            .unwrap();
    }
}

#[tokio::test]
async fn truncated_frames_end_the_connection_at_eof() {
    let whole = frame(b'R', &[ID], b"{}");
    for cut in [1, 4, 5, 8, whole.len() - 1] {
        let mut f = start();
        let mut reply = expect(&f.state);
        f.client.write_all(&whole[..cut]).await.unwrap();
        drop(f.client);
        ended(f.server).await;
        assert!(reply.try_recv().is_err(), "cut at {cut}: nothing delivered");
    }
}

mod garbage {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                let mut f = start();
                drop(expect(&f.state));
                drop(f.jobs);
                let _ = f.client.write_all(&bytes).await;
                drop(f.client);
                ended(f.server).await;
            });
        }
    }
}
