//! Reads client WebSocket frames (RFC 6455 §5) with a buffer that exists only while a frame is
//! in flight. An idle connection then holds no read buffer at all: measured on this machine,
//! the library reader's fixed 8 KiB buffer was the largest single item of per-connection RSS.
//! Frames from a client must be masked; reserved bits must be clear; control frames must be
//! final and at most 125 bytes.

use bytes::{Buf, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt};

/// How much to ask the socket for when a frame needs more bytes.
const READ_CHUNK: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpCode {
    Continuation,
    Text,
    Binary,
    Close,
    Ping,
    Pong,
}

/// One frame, unmasked.
#[derive(Debug)]
pub struct Frame {
    pub fin: bool,
    pub opcode: OpCode,
    pub payload: BytesMut,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("connection closed")]
    Eof,
    #[error("frame over the message size limit")]
    TooBig,
    #[error("protocol violation: {0}")]
    Protocol(&'static str),
    #[error("read error: {0}")]
    Io(std::io::ErrorKind),
}

/// Reads frames from `R`.
#[derive(Debug)]
pub struct FrameReader<R> {
    inner: R,
    buf: BytesMut,
    max_payload: usize,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(inner: R, max_payload: usize) -> Self {
        Self {
            inner,
            buf: BytesMut::new(),
            max_payload,
        }
    }

    /// Makes sure `n` bytes are buffered.
    async fn fill(&mut self, n: usize) -> Result<(), FrameError> {
        while self.buf.len() < n {
            let want = (n - self.buf.len()).max(READ_CHUNK);
            self.buf.reserve(want);
            let read = self
                .inner
                .read_buf(&mut self.buf)
                .await
                .map_err(|e| FrameError::Io(e.kind()))?;
            if read == 0 {
                return Err(FrameError::Eof);
            }
        }
        Ok(())
    }

    /// The next frame. Not cancel-safe: run it in a loop that is not raced mid-frame.
    pub async fn next(&mut self) -> Result<Frame, FrameError> {
        self.fill(2).await?;
        let (b0, b1) = (self.buf[0], self.buf[1]);
        if b0 & 0x70 != 0 {
            return Err(FrameError::Protocol("reserved bits set"));
        }
        let fin = b0 & 0x80 != 0;
        let opcode = match b0 & 0x0f {
            0 => OpCode::Continuation,
            1 => OpCode::Text,
            2 => OpCode::Binary,
            8 => OpCode::Close,
            9 => OpCode::Ping,
            10 => OpCode::Pong,
            _ => return Err(FrameError::Protocol("unknown opcode")),
        };
        if b1 & 0x80 == 0 {
            return Err(FrameError::Protocol("client frame not masked"));
        }
        let len7 = usize::from(b1 & 0x7f);
        let ext = match len7 {
            126 => 2,
            127 => 8,
            _ => 0,
        };
        self.fill(2 + ext + 4).await?;
        let len = match ext {
            2 => usize::from(u16::from_be_bytes([self.buf[2], self.buf[3]])),
            8 => {
                let mut b = [0u8; 8];
                b.copy_from_slice(&self.buf[2..10]);
                usize::try_from(u64::from_be_bytes(b)).map_err(|_| FrameError::TooBig)?
            }
            _ => len7,
        };
        let control = matches!(opcode, OpCode::Close | OpCode::Ping | OpCode::Pong);
        if control && (!fin || len > 125) {
            return Err(FrameError::Protocol("bad control frame"));
        }
        if len > self.max_payload {
            return Err(FrameError::TooBig);
        }
        let header = 2 + ext + 4;
        let mut mask = [0u8; 4];
        mask.copy_from_slice(&self.buf[2 + ext..header]);
        self.fill(header + len).await?;
        self.buf.advance(header);
        let mut payload = self.buf.split_to(len);
        for (i, b) in payload.iter_mut().enumerate() {
            *b ^= mask[i & 3];
        }
        if self.buf.is_empty() {
            // Nothing pending: release the buffer so an idle connection holds none.
            self.buf = BytesMut::new();
        }
        Ok(Frame {
            fin,
            opcode,
            payload,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn masked(b0: u8, payload: &[u8]) -> Vec<u8> {
        let mask = [1u8, 2, 3, 4];
        let mut out = vec![b0];
        if payload.len() < 126 {
            out.push(0x80 | payload.len() as u8);
        } else {
            out.push(0x80 | 0x7e);
            out.extend_from_slice(&(payload.len() as u16).to_be_bytes());
        }
        out.extend_from_slice(&mask);
        out.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i & 3]));
        out
    }

    #[tokio::test]
    async fn reads_masked_frames_split_across_reads() {
        let mut bytes = masked(0x81, b"hello");
        bytes.extend(masked(0x81, &[b'x'; 300]));
        bytes.extend(masked(0x88, &[0x03, 0xe8]));
        let mut r = FrameReader::new(&bytes[..], 1000);
        let f = r.next().await.unwrap();
        assert_eq!(
            (f.fin, f.opcode, &f.payload[..]),
            (true, OpCode::Text, &b"hello"[..])
        );
        let f = r.next().await.unwrap();
        assert_eq!(f.payload.len(), 300);
        assert!(f.payload.iter().all(|b| *b == b'x'));
        assert_eq!(r.next().await.unwrap().opcode, OpCode::Close);
        assert_eq!(r.next().await.unwrap_err(), FrameError::Eof);
    }

    #[tokio::test]
    async fn rejects_bad_frames() {
        let big = masked(0x81, &[b'x'; 300]);
        assert_eq!(
            FrameReader::new(&big[..], 100).next().await.unwrap_err(),
            FrameError::TooBig
        );
        let unmasked = [0x81u8, 0x01, b'a'];
        assert!(matches!(
            FrameReader::new(&unmasked[..], 100).next().await,
            Err(FrameError::Protocol(_))
        ));
        let rsv = masked(0xC1, b"a");
        assert!(matches!(
            FrameReader::new(&rsv[..], 100).next().await,
            Err(FrameError::Protocol(_))
        ));
        let ping_frag = masked(0x09, b"a");
        assert!(matches!(
            FrameReader::new(&ping_frag[..], 100).next().await,
            Err(FrameError::Protocol(_))
        ));
        let truncated = &masked(0x81, b"hello")[..5];
        assert_eq!(
            FrameReader::new(truncated, 100).next().await.unwrap_err(),
            FrameError::Eof
        );
    }
}
