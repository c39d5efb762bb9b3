//! An accepted connection's socket, made ready for russh.

use tracing::warn;

/// An accepted socket made ready for russh: Nagle's algorithm off when the
/// config says so (russh applies `Config::nodelay` only to sockets it accepts
/// itself; without it a frame written in two parts waits for the client's
/// delayed ACK, 40 ms on Linux; a socket that refuses is served all the
/// same, as the web server does), and a second handle on it, to close it
/// whatever state russh's task is in (mid key exchange, or blocked writing
/// to a client that stopped reading).
pub(super) fn take_socket(
    socket: tokio::net::TcpStream,
    nodelay: bool,
) -> std::io::Result<(tokio::net::TcpStream, std::net::TcpStream)> {
    if let Err(e) = socket.set_nodelay(nodelay) {
        warn!("cannot turn Nagle's algorithm off for a connection: {e}");
    }
    let socket = socket.into_std()?;
    let killer = socket.try_clone()?;
    Ok((tokio::net::TcpStream::from_std(socket)?, killer))
}

#[cfg(test)]
mod tests {
    use super::take_socket;

    #[tokio::test]
    async fn a_taken_socket_has_nagle_off_and_a_second_handle_that_closes_it() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let client = tokio::net::TcpStream::connect(listener.local_addr().unwrap()).await.unwrap();
        let (accepted, _) = listener.accept().await.unwrap();
        assert!(!accepted.nodelay().unwrap(), "a socket from accept starts with Nagle's algorithm on");
        let (socket, killer) = take_socket(accepted, true).unwrap();
        assert!(socket.nodelay().unwrap());
        killer.shutdown(std::net::Shutdown::Both).unwrap();
        let mut client = client;
        let mut buf = [0u8; 1];
        assert_eq!(
            tokio::io::AsyncReadExt::read(&mut client, &mut buf).await.unwrap(),
            0,
            "closed by the second handle"
        );
    }
}
