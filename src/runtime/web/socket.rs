//! One WebSocket, from the upgrade to its close: a place in the budget of
//! connections not yet viewers, the source's penalty checked, the page's
//! first message (its token, within [`AUTH_WAIT`]) checked in constant time
//! before anything is sent, then a viewer's place (the caps on viewers, in
//! all and per source) and its session. A wrong token gets nothing but the
//! close a missing page gets, after a short random wait, and counts against
//! its source as a refused login does over SSH.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use hyper::upgrade::Upgraded;
use hyper_util::rt::TokioIo;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};

use super::Web;
use super::protocol::{self, ClientMsg};
use crate::runtime::ssh::penalties::{Offence, Outcome, time_text};

/// The page's first message must come within this.
const AUTH_WAIT: Duration = Duration::from_secs(10);

/// Close codes the page tells apart (4000–4999 are the application's).
pub mod close {
    /// The token is wrong (or missing): as a missing page.
    pub const NOT_FOUND: u16 = 4404;
    /// Turned away for now (a penalty, the caps): the reason says when to retry.
    pub const REFUSED: u16 = 4429;
    /// The session ended; the reason says why.
    pub const ENDED: u16 = 4000;
    /// The page broke the protocol.
    pub const PROTOCOL: u16 = 4400;
    /// The page is of another version: reload it.
    pub const VERSION: u16 = 4426;
}

/// A viewer's WebSocket.
pub(super) type Socket = WebSocketStream<TokioIo<Upgraded>>;

/// What the page said in its first message.
pub(super) struct Hello {
    pub(super) cols: u16,
    pub(super) rows: u16,
    pub(super) scheme: protocol::Scheme,
    pub(super) name: String,
}

/// Closes with a code and a reason (cut to what a close frame holds).
pub(super) async fn close_with(ws: &mut Socket, code: u16, why: &str) {
    let mut reason = why.to_string();
    while reason.len() > 120 {
        reason.pop();
    }
    let frame = CloseFrame { code: CloseCode::from(code), reason: reason.into() };
    let _ = tokio::time::timeout(Duration::from_secs(2), ws.close(Some(frame))).await;
}

/// Serves one upgraded connection.
pub(super) async fn serve(web: Arc<Web>, peer: SocketAddr, upgraded: Upgraded) {
    let config = WebSocketConfig::default()
        .max_message_size(Some(protocol::MAX_CLIENT_MESSAGE))
        .max_frame_size(Some(protocol::MAX_CLIENT_MESSAGE))
        .read_buffer_size(4096)
        .write_buffer_size(0)
        .max_write_buffer_size(4 << 20);
    let mut ws = WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, Some(config)).await;
    let source = crate::runtime::ssh::source_of(peer);
    let startup = match web.gate.startup(source, rand::random_range(0..100)) {
        Ok(s) => s,
        Err(refusal) => return close_with(&mut ws, close::REFUSED, &refusal.to_string()).await,
    };
    if let Err(refusal) = web.host.penalties.check(peer.ip(), source, Instant::now()) {
        web.log_summarised("penalised", || format!("{peer}: refused: {refusal}"));
        return close_with(&mut ws, close::REFUSED, &refusal.to_string()).await;
    }
    let first = match tokio::time::timeout(AUTH_WAIT, next_binary(&mut ws)).await {
        Err(_) => {
            penalise(&web, peer, Offence::GraceExceeded, "no token within the time allowed");
            return close_with(&mut ws, close::NOT_FOUND, "not found").await;
        }
        Ok(None) => return penalise(&web, peer, Offence::NoAuth, "left without sending a token"),
        Ok(Some(bytes)) => bytes,
    };
    let Ok(ClientMsg::Auth { version, token, cols, rows, scheme, name }) = ClientMsg::decode(&first) else {
        penalise(&web, peer, Offence::AuthFail, "a first message that is not a token");
        return wrong(&mut ws).await;
    };
    if !web.token.matches(&token) {
        penalise(&web, peer, Offence::AuthFail, "a wrong token");
        return wrong(&mut ws).await;
    }
    if version != protocol::VERSION {
        return close_with(&mut ws, close::VERSION, "this page is from another version of dealscope: reload it").await;
    }
    drop(startup);
    let slot = match web.gate.session(source, None) {
        Ok(slot) => slot,
        Err(refusal) => {
            web.log_summarised("full", || format!("{peer}: refused: {refusal}"));
            return close_with(&mut ws, close::REFUSED, &refusal.to_string()).await;
        }
    };
    let hello = Hello { cols, rows, scheme, name };
    super::viewer::run(web, peer, ws, hello).await;
    drop(slot);
}

/// The answer to a wrong token: after 50–200 ms, the close a missing page gets.
async fn wrong(ws: &mut Socket) {
    tokio::time::sleep(Duration::from_millis(rand::random_range(50..200))).await;
    close_with(ws, close::NOT_FOUND, "not found").await;
}

/// The next binary message (pings answered by the library, text refused),
/// `None` when the socket closed or broke.
pub(super) async fn next_binary(ws: &mut Socket) -> Option<Vec<u8>> {
    loop {
        match ws.next().await? {
            Ok(Message::Binary(b)) => return Some(b.to_vec()),
            Ok(Message::Ping(_) | Message::Pong(_) | Message::Frame(_)) => continue,
            Ok(Message::Text(_)) => return Some(Vec::new()), // not a message of ours
            Ok(Message::Close(_)) | Err(_) => return None,
        }
    }
}

/// Adds `offence` to the source's penalty, logged (summarised) with what it is now.
fn penalise(web: &Web, peer: SocketAddr, offence: Offence, why: &str) {
    let source = crate::runtime::ssh::source_of(peer);
    let penalties = &web.host.penalties;
    let outcome = penalties.offend(peer.ip(), source, offence, Instant::now());
    let amount = time_text(penalties.config().amount(offence));
    let now = match outcome {
        Outcome::Penalised { left, enforced: true, .. } => {
            format!("; {source}'s penalty is {:.1} s, enforced", left.as_secs_f64())
        }
        Outcome::Penalised { left, .. } => format!("; {source}'s penalty is {:.1} s, not enforced", left.as_secs_f64()),
        Outcome::Exempt => "; exempt from penalties".into(),
        Outcome::TableFull => "; not penalised: the table is full".into(),
        Outcome::Off => String::new(),
    };
    web.log_summarised(offence.keyword(), || format!("{peer}: {why} ({} +{amount}){now}", offence.keyword()));
}
