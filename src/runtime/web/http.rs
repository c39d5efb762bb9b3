//! What the web server answers: the page and its two files (compiled into
//! the binary, nothing from elsewhere), the WebSocket upgrade (only from
//! the page's own origin), and the same 404 for everything else. Every
//! answer carries strict headers: a Content-Security-Policy with no inline
//! script and no framing, no MIME sniffing, no referrer.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use super::Web;

/// The page: markup only; its script and style are files of their own.
const INDEX: &[u8] = include_bytes!("page/index.html");
/// The page's script (the renderer, the keys, the connection).
const SCRIPT: &[u8] = include_bytes!("page/page.js");
/// The page's style (both colour schemes, the cell grid).
const STYLE: &[u8] = include_bytes!("page/page.css");
/// The tab's icon (served, so the browser's own request for one finds it).
const ICON: &[u8] = include_bytes!("page/icon.svg");

/// The policy every answer carries: scripts, styles and the icon from this
/// origin only, connections back to it only, no framing, no forms, no base.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

type Answer = Response<Full<Bytes>>;

fn answer(status: StatusCode, kind: &'static str, body: &'static [u8]) -> Answer {
    let mut r = Response::new(Full::new(Bytes::from_static(body)));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    secure(h);
    r
}

/// The headers every answer carries.
fn secure(h: &mut hyper::HeaderMap) {
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
}

/// The answer to a missing page, and to everything not served.
pub fn not_found() -> Answer {
    answer(StatusCode::NOT_FOUND, "text/plain; charset=utf-8", b"not found\n")
}

/// Answers one request from `peer`.
pub async fn handle(web: Arc<Web>, peer: SocketAddr, req: Request<Incoming>) -> Result<Answer, Infallible> {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Ok(not_found());
    }
    let page = match req.uri().path() {
        "/" | "/index.html" => Some(("text/html; charset=utf-8", INDEX)),
        "/page.js" => Some(("text/javascript; charset=utf-8", SCRIPT)),
        "/page.css" => Some(("text/css; charset=utf-8", STYLE)),
        "/favicon.ico" | "/icon.svg" => Some(("image/svg+xml", ICON)),
        "/ws" => None,
        _ => return Ok(not_found()),
    };
    if let Some((kind, body)) = page {
        return Ok(answer(StatusCode::OK, kind, body));
    }
    Ok(upgrade(web, peer, req))
}

/// The WebSocket upgrade: a GET with the handshake's headers, from one of
/// the page's own origins (a page elsewhere cannot open a socket here with
/// the visitor's browser); the socket itself is served by `socket`.
fn upgrade(web: Arc<Web>, peer: SocketAddr, mut req: Request<Incoming>) -> Answer {
    let headers = req.headers();
    let is = |name: header::HeaderName, want: &str| {
        headers
            .get(&name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|part| part.trim().eq_ignore_ascii_case(want)))
    };
    let key = headers.get(header::SEC_WEBSOCKET_KEY).map(|k| k.as_bytes().to_vec());
    let (Some(key), true, true, true) = (
        key,
        is(header::UPGRADE, "websocket"),
        is(header::CONNECTION, "upgrade"),
        is(header::SEC_WEBSOCKET_VERSION, "13"),
    ) else {
        return not_found();
    };
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !web.origin_allowed(origin) {
        let origin = crate::runtime::ssh::log_text(origin);
        web.log_summarised("origin", || format!("{peer}: WebSocket from another origin refused ({origin})"));
        let mut r = answer(StatusCode::FORBIDDEN, "text/plain; charset=utf-8", b"forbidden\n");
        r.headers_mut().insert(header::VARY, HeaderValue::from_static("Origin"));
        return r;
    }
    let accept = tokio_tungstenite::tungstenite::handshake::derive_accept_key(&key);
    let on_upgrade = hyper::upgrade::on(&mut req);
    tokio::spawn(async move {
        match on_upgrade.await {
            Ok(upgraded) => super::socket::serve(web, peer, upgraded).await,
            Err(e) => tracing::debug!("{peer}: WebSocket upgrade failed: {e}"),
        }
    });
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
    let h = r.headers_mut();
    h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    h.insert(header::CONNECTION, HeaderValue::from_static("Upgrade"));
    if let Ok(v) = HeaderValue::from_str(&accept) {
        h.insert(header::SEC_WEBSOCKET_ACCEPT, v);
    }
    r
}
