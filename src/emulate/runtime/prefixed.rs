//! An I/O stream with a few bytes already read from it put back in front, so a connection whose
//! first bytes were looked at (to tell the framed exchange from HTTP) can still go to hyper.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

pub struct Prefixed<IO> {
    prefix: Vec<u8>,
    at: usize,
    io: IO,
}

impl<IO> Prefixed<IO> {
    pub fn new(prefix: &[u8], io: IO) -> Self {
        Prefixed {
            prefix: prefix.to_vec(),
            at: 0,
            io,
        }
    }
}

impl<IO: AsyncRead + Unpin> AsyncRead for Prefixed<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if let Some(rest) = this.prefix.get(this.at..).filter(|r| !r.is_empty()) {
            let n = rest.len().min(buf.remaining());
            buf.put_slice(rest.get(..n).unwrap_or_default());
            this.at += n;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.io).poll_read(cx, buf)
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Prefixed<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn the_prefix_is_read_first_and_writes_pass_through() {
        let (a, mut b) = tokio::io::duplex(64);
        b.write_all(b"rest").await.unwrap();
        let mut p = Prefixed::new(b"pre-", a);
        let mut got = [0u8; 8];
        p.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"pre-rest");
        p.write_all(b"back").await.unwrap();
        let mut back = [0u8; 4];
        b.read_exact(&mut back).await.unwrap();
        assert_eq!(&back, b"back");
    }

    #[tokio::test]
    async fn a_small_read_buffer_takes_the_prefix_in_pieces() {
        let (a, _b) = tokio::io::duplex(64);
        let mut p = Prefixed::new(b"abc", a);
        let mut one = [0u8; 2];
        p.read_exact(&mut one).await.unwrap();
        assert_eq!(&one, b"ab");
        let mut two = [0u8; 1];
        p.read_exact(&mut two).await.unwrap();
        assert_eq!(&two, b"c");
    }
}
