//! The open connections by id: what the @connections API reads (connectedAt, identity,
//! lastActiveAt) and the channel through which it and the route responses reach each
//! connection's loop. A connection is here from the end of its upgrade (so, as on AWS, a
//! `$connect` handler cannot post to its own connection yet) until it closes (so posting from
//! `$disconnect`, or after, is 410 Gone).

use super::events::ConnectionFacts;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

/// How many frames may wait for a client that does not read before a POST is refused with
/// 429 `LimitExceededException` ("the WebSocket client side buffer is full"): with frames of
/// 128 KB at most, 4 MB per connection.
pub const OUTBOUND_QUEUE: usize = 32;

/// What the connection's loop is asked to do.
#[derive(Debug)]
pub enum Outbound {
    Frame(Message),
    /// Close with this code and reason (`DeleteConnection`).
    Close(u16, String),
}

/// Why something could not be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendRefused {
    /// The client has not read what is queued.
    Full,
    /// The connection is closing.
    Gone,
}

/// One open connection.
#[derive(Debug)]
pub struct Connection {
    pub facts: ConnectionFacts,
    /// Epoch milliseconds of the last frame either way.
    last_active: AtomicU64,
    tx: mpsc::Sender<Outbound>,
}

impl Connection {
    pub fn new(facts: ConnectionFacts, tx: mpsc::Sender<Outbound>) -> Connection {
        Connection {
            last_active: AtomicU64::new(facts.connected_at),
            facts,
            tx,
        }
    }

    pub fn touch(&self, now_ms: u64) {
        self.last_active.store(now_ms, Ordering::Relaxed);
    }

    pub fn last_active(&self) -> u64 {
        self.last_active.load(Ordering::Relaxed)
    }

    /// Queues `what` for the client without waiting.
    pub fn send(&self, what: Outbound) -> Result<(), SendRefused> {
        self.tx.try_send(what).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => SendRefused::Full,
            mpsc::error::TrySendError::Closed(_) => SendRefused::Gone,
        })
    }
}

/// The open connections.
#[derive(Debug, Default)]
pub struct Registry {
    map: Mutex<HashMap<String, Arc<Connection>>>,
}

impl Registry {
    pub fn insert(&self, conn: Arc<Connection>) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(conn.facts.connection_id.clone(), conn);
    }

    pub fn remove(&self, id: &str) -> Option<Arc<Connection>> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(id)
    }

    pub fn get(&self, id: &str) -> Option<Arc<Connection>> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(id).cloned()
    }

    pub fn len(&self) -> usize {
        self.map.lock().map(|m| m.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
