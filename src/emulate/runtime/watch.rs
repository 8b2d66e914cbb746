//! Reload on source change: watches the service folder (ignoring VCS, build output, caches and
//! editor temp files), waits for ~50 ms of quiet, then drains every pool.

use super::pool::Pool;
use super::{LogLine, LogSink, Stream};
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

const QUIET: Duration = Duration::from_millis(50);

/// Keeps the watcher alive; dropping it stops watching (and ends the debounce thread).
pub struct Watch {
    _watcher: notify::RecommendedWatcher,
}

/// Starts watching `dir`; `build` (the TypeScript handlers') runs again before each reload.
pub fn start(
    dir: &Path,
    pools: Vec<Arc<Pool>>,
    build: Option<super::typescript::Build>,
    log: LogSink,
) -> Result<Watch, String> {
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let plain_root = dir.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(ev) = res else { return };
        if !matches!(
            ev.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
        ) {
            return;
        }
        for p in ev.paths {
            let rel = p
                .strip_prefix(&root)
                .or_else(|_| p.strip_prefix(&plain_root))
                .unwrap_or(&p);
            if !ignored(rel) {
                let _ = tx.send(rel.to_path_buf());
            }
        }
    })
    .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    watcher
        .watch(dir, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    std::thread::Builder::new()
        .name("slsc-watch".into())
        .spawn(move || debounce(&rx, &pools, build.as_ref(), &log))
        .map_err(|e| format!("cannot start the watcher thread: {e}"))?;
    Ok(Watch { _watcher: watcher })
}

fn debounce(
    rx: &mpsc::Receiver<PathBuf>,
    pools: &[Arc<Pool>],
    build: Option<&super::typescript::Build>,
    log: &LogSink,
) {
    while let Ok(first) = rx.recv() {
        let mut count = 1usize;
        loop {
            match rx.recv_timeout(QUIET) {
                Ok(_) => count += 1,
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        // a build that fails leaves the last one running, and says why
        if let Some(Err(e)) = build.map(super::typescript::Build::run) {
            log(LogLine {
                function: String::new(),
                request_id: None,
                stream: Stream::Notice,
                text: format!("{} changed: {e}", first.display()),
            });
            continue;
        }
        for p in pools {
            p.drain();
        }
        let more = if count > 1 {
            format!(" (and {} more changes)", count - 1)
        } else {
            String::new()
        };
        log(LogLine {
            function: String::new(),
            request_id: None,
            stream: Stream::Notice,
            text: format!(
                "{} changed{more}: reloading handlers (the next request starts fresh workers)",
                first.display()
            ),
        });
    }
}

/// Paths whose changes do not reload: `.git`, `.serverless`, `node_modules/.cache`, and
/// editor temp files (`*~`, `.*.swp`, `.#*`, `#*#`, `4913`, `*.tmp`).
pub fn ignored(rel: &Path) -> bool {
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    if parts.iter().any(|p| *p == ".git" || *p == ".serverless") {
        return true;
    }
    if parts
        .windows(2)
        .any(|w| w.first() == Some(&"node_modules") && w.get(1) == Some(&".cache"))
    {
        return true;
    }
    let Some(name) = parts.last() else {
        return false;
    };
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || *name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignored_paths() {
        let cases = [
            ("handler.js", false),
            ("src/app.py", false),
            ("node_modules/lib/index.js", false),
            (".git/index", true),
            (".serverless/x.json", true),
            ("node_modules/.cache/babel/x", true),
            ("handler.js~", true),
            (".handler.js.swp", true),
            (".#handler.js", true),
            ("#handler.js#", true),
            ("4913", true),
            ("out.tmp", true),
        ];
        for (p, want) in cases {
            assert_eq!(ignored(Path::new(p)), want, "{p}");
        }
    }
}
