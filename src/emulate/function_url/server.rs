//! The HTTP/1.1 listener of one function URL: the request read as the gateway reads its own
//! (original header spelling; the body up to Lambda's 6 MB payload limit), answered by
//! [`UrlDoor::handle`], a whole body or a streamed one (chunked, each part flushed as it
//! comes), one access-log line per request.

use super::UrlDoor;
use super::response::{Answer, UrlError};
use crate::emulate::gateway::Lambda;
use crate::emulate::gateway::access_log::{self, Entry, LogFormat};
use crate::emulate::gateway::server::{Arrival, accept, read_body, with_head};
use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::body::{Frame, Incoming as HyperBody};
use hyper::{Request, Response};
use std::sync::Arc;
use std::time::Instant;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

type Body = Either<Full<Bytes>, ChannelBody>;

/// Serves `door` on `listener` for as long as the emulator runs.
pub async fn serve(
    listener: TcpListener,
    door: Arc<UrlDoor>,
    lambda: Arc<dyn Lambda>,
    log: LogFormat,
) {
    accept(listener, std::future::pending(), move |req, peer| {
        let door = door.clone();
        let lambda = lambda.clone();
        async move { answer(&door, &lambda, req, &peer, log).await }
    })
    .await;
}

async fn answer(
    door: &UrlDoor,
    lambda: &Arc<dyn Lambda>,
    req: Request<HyperBody>,
    peer: &Arrival,
    log: LogFormat,
) -> Response<Body> {
    let started = Instant::now();
    let mut incoming = peer.incoming(&req);
    let (method, raw_path) = (incoming.method.clone(), incoming.raw_path.clone());
    let request_id = incoming.request_id.clone();
    let body = read_body(req, super::MAX_PAYLOAD).await;
    let answer = match body {
        None => UrlError::RequestTooLarge.answer("request body over 6 MB"),
        Some(body) => {
            incoming.body = body;
            door.handle(lambda, &incoming).await
        }
    };
    access_log::write(
        log,
        &Entry {
            method: &method,
            path: &raw_path,
            status: answer.reply.status,
            elapsed: started.elapsed(),
            request_id: &request_id,
            function: Some(&door.function),
            note: answer.note.as_deref(),
        },
    );
    to_hyper(answer)
}

fn to_hyper(answer: Answer) -> Response<Body> {
    let Answer { reply, stream, .. } = answer;
    let body = match stream {
        None => Either::Left(Full::new(reply.body)),
        Some(rx) => Either::Right(ChannelBody(rx)),
    };
    with_head(reply.status, &reply.headers, body).unwrap_or_else(|| {
        let r = UrlError::BadGateway.reply();
        let mut out = Response::new(Either::Left(Full::new(r.body)));
        *out.status_mut() = hyper::StatusCode::BAD_GATEWAY;
        out
    })
}

/// A streamed body: its frames as they come; an error cuts the response off.
pub struct ChannelBody(mpsc::Receiver<Result<Frame<Bytes>, std::io::Error>>);

impl hyper::body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        self.0.poll_recv(cx)
    }
}
