//! A bare hyper HTTP/1.1 server answering every request with a fixed 403 JSON body: the
//! yardstick for the emulator's own request path in `scripts/bench-emulate.sh`.
//!
//! `cargo bench --bench bare_hyper -- --port 4000` serves until killed (without `--port` it
//! exits at once, so a plain `cargo bench` passes through it).

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Request, Response, body::Incoming};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(port) = args
        .iter()
        .position(|a| a == "--port")
        .and_then(|i| args.get(i + 1))
        .and_then(|p| p.parse::<u16>().ok())
    else {
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio");
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind");
        println!("listening on http://127.0.0.1:{port}");
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(|_req: Request<Incoming>| async {
                    let mut r = Response::new(Full::new(Bytes::from_static(
                        b"{\"message\":\"Missing Authentication Token\"}",
                    )));
                    *r.status_mut() = hyper::StatusCode::FORBIDDEN;
                    Ok::<_, Infallible>(r)
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}
