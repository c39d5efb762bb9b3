//! Turning a connection away before it costs anything, with a reason the
//! client shows: the server's version line, then an unencrypted
//! `SSH_MSG_DISCONNECT` (RFC 4253 §11.1; before key exchange packets carry
//! no MAC), which OpenSSH's client prints as "Received disconnect from …".
//! The socket is then half-closed and drained briefly, so that the client
//! reads the reason instead of a reset.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

/// `SSH_DISCONNECT_HOST_NOT_ALLOWED_TO_CONNECT`.
pub const HOST_NOT_ALLOWED: u32 = 1;
/// `SSH_DISCONNECT_TOO_MANY_CONNECTIONS`.
pub const TOO_MANY_CONNECTIONS: u32 = 12;

/// How long a turned-away socket is drained before it is closed.
const LINGER: Duration = Duration::from_secs(1);
/// Bytes read from it at most meanwhile.
const LINGER_BYTES: usize = 64 * 1024;

/// The bytes that tell a client why it is turned away.
pub fn disconnect_bytes(server_id: &str, reason: u32, why: &str) -> Vec<u8> {
    let mut payload = vec![1u8]; // SSH_MSG_DISCONNECT
    payload.extend_from_slice(&reason.to_be_bytes());
    let why = why.as_bytes();
    payload.extend_from_slice(&(why.len() as u32).to_be_bytes());
    payload.extend_from_slice(why);
    payload.extend_from_slice(&0u32.to_be_bytes()); // language tag: none
    // packet_length (4) + padding_length (1) + payload + padding: a multiple of 8, padding at least 4.
    let mut padding = 8 - (5 + payload.len()) % 8;
    if padding < 4 {
        padding += 8;
    }
    let mut out = format!("{server_id}\r\n").into_bytes();
    out.extend_from_slice(&((1 + payload.len() + padding) as u32).to_be_bytes());
    out.push(padding as u8);
    out.extend_from_slice(&payload);
    out.extend(std::iter::repeat_n(0u8, padding));
    out
}

/// Tells the client why and closes. At most `lingering` sockets are drained
/// at once; past that a socket gets its reason and is closed at once.
pub fn turn_away(mut socket: TcpStream, bytes: Vec<u8>, lingering: &Arc<Semaphore>) {
    let permit = Arc::clone(lingering).try_acquire_owned().ok();
    let Some(permit) = permit else {
        let _ = socket.try_write(&bytes);
        return;
    };
    tokio::spawn(async move {
        let _permit = permit;
        let _ = tokio::time::timeout(LINGER, async {
            socket.write_all(&bytes).await?;
            socket.shutdown().await?;
            let mut sink = [0u8; 4096];
            let mut read = 0;
            while read < LINGER_BYTES {
                match socket.read(&mut sink).await? {
                    0 => break,
                    n => read += n,
                }
            }
            Ok::<_, std::io::Error>(())
        })
        .await;
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_disconnect_packet_is_well_formed() {
        let bytes = disconnect_bytes("SSH-2.0-x", TOO_MANY_CONNECTIONS, "full");
        let (line, packet) = bytes.split_at(11);
        assert_eq!(line, b"SSH-2.0-x\r\n");
        let len = u32::from_be_bytes(packet[..4].try_into().unwrap()) as usize;
        assert_eq!(len + 4, packet.len());
        assert_eq!(packet.len() % 8, 0);
        let padding = usize::from(packet[4]);
        assert!(padding >= 4);
        let payload = &packet[5..packet.len() - padding];
        assert_eq!(payload[0], 1);
        assert_eq!(u32::from_be_bytes(payload[1..5].try_into().unwrap()), 12);
        assert_eq!(u32::from_be_bytes(payload[5..9].try_into().unwrap()), 4);
        assert_eq!(&payload[9..13], b"full");
        assert_eq!(&payload[13..], &[0, 0, 0, 0]);
    }
}
