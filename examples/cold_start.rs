//! Measures `slsc emulate`'s Lambda side: cold-start and warm invocation times of the Node.js
//! and Python fixtures in `tests/emulate/` (run through `scripts/bench-cold-start.sh`).

use bytes::Bytes;
use slsc::emulate::runtime::{Outcome, Runtime, RuntimeOptions};
use std::path::Path;
use std::time::{Duration, Instant};

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    for (fixture, function) in [("node", "cjs"), ("python", "ok")] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/emulate")
            .join(fixture);
        let inv = slsc::pipeline::PipelineInput {
            cwd: dir,
            stage: Some("dev".into()),
            region: Some("us-east-1".into()),
            ..slsc::pipeline::PipelineInput::default()
        };
        let Some(service) = slsc::pipeline::run(&inv).service else {
            eprintln!("{fixture}: the fixture does not compile");
            std::process::exit(1);
        };
        let rt = match Runtime::new(&service, RuntimeOptions::default()) {
            Ok(rt) => rt,
            Err(e) => {
                eprintln!("{fixture}: {e:?}");
                std::process::exit(1);
            }
        };
        let (mut cold, mut warm) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            rt.reload();
            let t = Instant::now();
            let i = rt.invoke(function, Bytes::from_static(b"{}")).await;
            let took = t.elapsed();
            if !matches!(i.outcome, Outcome::Ok(_)) || !i.cold_start {
                eprintln!("{fixture}: unexpected {:?}", i.outcome);
                std::process::exit(1);
            }
            cold.push(took);
            for _ in 0..25 {
                let t = Instant::now();
                let i = rt.invoke(function, Bytes::from_static(b"{}")).await;
                warm.push(t.elapsed());
                if i.cold_start {
                    eprintln!("{fixture}: a warm call started a worker");
                }
            }
        }
        println!(
            "{fixture:>6}: cold start median {} p90 {} | warm invoke median {} p99 {} ({} cold, {} warm)",
            ms(pct(&mut cold, 0.5)),
            ms(pct(&mut cold, 0.9)),
            ms(pct(&mut warm, 0.5)),
            ms(pct(&mut warm, 0.99)),
            cold.len(),
            warm.len()
        );
        rt.shutdown().await;
    }
}
