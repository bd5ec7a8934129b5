//! WebSocket frames (RFC 6455 §5) on the server side.
//!
//! [`FrameReader`] reads client frames with a buffer that exists only while a frame is in
//! flight. An idle connection then holds no read buffer at all: measured on this machine,
//! the library reader's fixed 8 KiB buffer was the largest single item of per-connection RSS.
//! Frames from a client must be masked; reserved bits must be clear; control frames must be
//! final and at most 125 bytes.
//!
//! [`FrameWriter`] writes unmasked server frames with vectored writes: a frame header on the
//! stack and the encoded messages as they are, shared with every other subscriber, so a
//! publication is never copied per connection. Everything queued goes out in one `writev`:
//! several messages are newline-joined into frames of at most [`MAX_BATCH_FRAME`] bytes.

use std::io::IoSlice;

use bytes::{Buf, Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The largest newline-batched frame the writer builds; a backlog goes out as several frames
/// (clients cap message sizes: tungstenite at 16 MiB, and a huge frame delays everything).
pub const MAX_BATCH_FRAME: usize = 64 * 1024;

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
    /// A frame RFC 6455 forbids: the connection closes with 1002.
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

/// Text frame opcode.
const TEXT: u8 = 0x1;
/// Binary frame opcode.
const BINARY: u8 = 0x2;
/// Close frame opcode.
const CLOSE: u8 = 0x8;
/// Pong frame opcode.
const PONG: u8 = 0xA;
/// The separator of batched messages.
static NEWLINE: [u8; 1] = [b'\n'];

/// Writes a final, unmasked frame header for `len` payload bytes into `out`; returns its size.
fn header(opcode: u8, len: usize, out: &mut [u8; 10]) -> usize {
    out[0] = 0x80 | opcode;
    if len < 126 {
        out[1] = len as u8;
        2
    } else if let Ok(short) = u16::try_from(len) {
        out[1] = 126;
        out[2..4].copy_from_slice(&short.to_be_bytes());
        4
    } else {
        out[1] = 127;
        out[2..10].copy_from_slice(&(len as u64).to_be_bytes());
        10
    }
}

/// Writes the header of a final text frame of `len` bytes into `out`; returns its size.
pub fn text_header(len: usize, out: &mut [u8; 10]) -> usize {
    header(TEXT, len, out)
}

/// Writes the header of a final data frame (binary when `binary`, else text) of `len` bytes
/// into `out`; returns its size.
pub fn data_header(binary: bool, len: usize, out: &mut [u8; 10]) -> usize {
    header(if binary { BINARY } else { TEXT }, len, out)
}

/// Splits queued messages into frames of at most [`MAX_BATCH_FRAME`] bytes (a single larger
/// message gets a frame of its own); calls `f` with each run of messages that share a frame.
pub fn for_each_batch<'a>(msgs: &'a [Bytes], mut f: impl FnMut(&'a [Bytes])) {
    let mut start = 0;
    let mut size = 0;
    for (i, m) in msgs.iter().enumerate() {
        if i > start && size + 1 + m.len() > MAX_BATCH_FRAME {
            f(&msgs[start..i]);
            start = i;
            size = 0;
        }
        size += m.len() + usize::from(i > start);
    }
    if start < msgs.len() {
        f(&msgs[start..]);
    }
}

/// Writes server frames to `W` (see the module docs). Holds no buffer of its own.
#[derive(Debug)]
pub struct FrameWriter<W> {
    inner: W,
    /// Binary frames of concatenated messages (Protobuf, each message carries its length)
    /// instead of newline-joined text frames (JSON).
    binary: bool,
}

impl<W: AsyncWrite + Unpin> FrameWriter<W> {
    /// A writer of text frames (JSON).
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            binary: false,
        }
    }

    /// A writer of binary frames (Protobuf).
    pub fn binary(inner: W) -> Self {
        Self {
            inner,
            binary: true,
        }
    }

    /// Writes `msgs`: one frame for one message; for several, text frames with the messages
    /// joined by newlines, or binary frames with them concatenated.
    pub async fn write_batch(&mut self, msgs: &[Bytes]) -> std::io::Result<()> {
        let (opcode, sep) = if self.binary { (BINARY, 0) } else { (TEXT, 1) };
        match msgs {
            [] => Ok(()),
            [one] => {
                let mut head = [0u8; 10];
                let n = header(opcode, one.len(), &mut head);
                let mut slices = [IoSlice::new(&head[..n]), IoSlice::new(one)];
                self.write_all(&mut slices).await
            }
            many => {
                let mut frames: Vec<(&[Bytes], [u8; 10], usize)> = Vec::new();
                for_each_batch(many, |run| {
                    let len = run.iter().map(Bytes::len).sum::<usize>() + (run.len() - 1) * sep;
                    let mut head = [0u8; 10];
                    let n = header(opcode, len, &mut head);
                    frames.push((run, head, n));
                });
                let mut slices: Vec<IoSlice<'_>> =
                    Vec::with_capacity(many.len() * 2 + frames.len());
                for (run, head, n) in &frames {
                    slices.push(IoSlice::new(&head[..*n]));
                    for (i, m) in run.iter().enumerate() {
                        if i > 0 && sep > 0 {
                            slices.push(IoSlice::new(&NEWLINE));
                        }
                        slices.push(IoSlice::new(m));
                    }
                }
                self.write_all(&mut slices).await
            }
        }
    }

    /// Writes bytes that are already framed (the rest of a frame cut short elsewhere).
    pub async fn write_raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.write_all(&mut [IoSlice::new(bytes)]).await
    }

    /// Writes a close frame with `code` and `reason` (cut to the 123 bytes a control frame
    /// has room for, at a character boundary).
    pub async fn write_close(&mut self, code: u16, reason: &str) -> std::io::Result<()> {
        let mut cut = reason.len().min(123);
        while !reason.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut payload = [0u8; 125];
        payload[..2].copy_from_slice(&code.to_be_bytes());
        payload[2..2 + cut].copy_from_slice(&reason.as_bytes()[..cut]);
        let mut head = [0u8; 10];
        let n = header(CLOSE, 2 + cut, &mut head);
        let mut slices = [IoSlice::new(&head[..n]), IoSlice::new(&payload[..2 + cut])];
        self.write_all(&mut slices).await
    }

    /// Writes a Pong frame echoing a Ping's `payload` (RFC 6455 §5.5.3). The reader refuses
    /// Pings over 125 bytes, so the payload always fits a control frame.
    pub async fn write_pong(&mut self, payload: &[u8]) -> std::io::Result<()> {
        debug_assert!(payload.len() <= 125);
        let payload = &payload[..payload.len().min(125)];
        let mut head = [0u8; 10];
        let n = header(PONG, payload.len(), &mut head);
        let mut slices = [IoSlice::new(&head[..n]), IoSlice::new(payload)];
        self.write_all(&mut slices).await
    }

    /// Writes every slice, resuming after short writes.
    async fn write_all(&mut self, mut bufs: &mut [IoSlice<'_>]) -> std::io::Result<()> {
        while !bufs.is_empty() {
            let n = self.inner.write_vectored(bufs).await?;
            if n == 0 {
                return Err(std::io::ErrorKind::WriteZero.into());
            }
            IoSlice::advance_slices(&mut bufs, n);
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Parses unmasked server frames: (opcode, payload) each.
    fn server_frames(mut b: &[u8]) -> Vec<(u8, Vec<u8>)> {
        let mut out = Vec::new();
        while !b.is_empty() {
            assert_eq!(b[0] & 0xf0, 0x80, "final, no reserved bits");
            assert_eq!(b[1] & 0x80, 0, "server frames are not masked");
            let (len, at) = match b[1] & 0x7f {
                126 => (usize::from(u16::from_be_bytes([b[2], b[3]])), 4),
                127 => (
                    usize::try_from(u64::from_be_bytes(b[2..10].try_into().unwrap())).unwrap(),
                    10,
                ),
                n => (usize::from(n), 2),
            };
            out.push((b[0] & 0x0f, b[at..at + len].to_vec()));
            b = &b[at + len..];
        }
        out
    }

    /// A writer that accepts at most 7 bytes per call, to exercise short writes.
    struct Trickle(Vec<u8>);
    impl AsyncWrite for Trickle {
        fn poll_write(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
            buf: &[u8],
        ) -> std::task::Poll<std::io::Result<usize>> {
            let n = buf.len().min(7);
            self.0.extend_from_slice(&buf[..n]);
            std::task::Poll::Ready(Ok(n))
        }
        fn poll_flush(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<std::io::Result<()>> {
            std::task::Poll::Ready(Ok(()))
        }
        fn poll_shutdown(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<std::io::Result<()>> {
            std::task::Poll::Ready(Ok(()))
        }
    }

    #[tokio::test]
    async fn writes_single_batched_and_close_frames_through_short_writes() {
        let mut w = FrameWriter::new(Trickle(Vec::new()));
        let small = Bytes::from_static(b"{\"a\":1}");
        let mid = Bytes::from(vec![b'm'; 300]);
        let big = Bytes::from(vec![b'b'; 70_000]);
        w.write_batch(std::slice::from_ref(&small)).await.unwrap();
        w.write_batch(&[small.clone(), mid.clone()]).await.unwrap();
        w.write_batch(std::slice::from_ref(&big)).await.unwrap();
        w.write_batch(&[]).await.unwrap();
        w.write_pong(b"hello").await.unwrap();
        w.write_close(3001, &"é".repeat(100)).await.unwrap();
        let mut frames = server_frames(&w.inner.0);
        assert_eq!(frames.remove(3), (PONG, b"hello".to_vec()));
        assert_eq!(frames.len(), 4);
        assert_eq!(frames[0], (TEXT, small.to_vec()));
        let mut joined = small.to_vec();
        joined.push(b'\n');
        joined.extend_from_slice(&mid);
        assert_eq!(frames[1], (TEXT, joined));
        assert_eq!(frames[2], (TEXT, big.to_vec()), "64-bit length form");
        let (op, close) = &frames[3];
        assert_eq!(*op, CLOSE);
        assert_eq!(u16::from_be_bytes([close[0], close[1]]), 3001);
        assert!(close.len() <= 125);
        assert!(
            std::str::from_utf8(&close[2..]).is_ok(),
            "cut at a char boundary"
        );
    }

    #[test]
    fn backlogs_split_into_bounded_frames() {
        let small = Bytes::from(vec![b'x'; 1000]);
        let msgs: Vec<Bytes> = (0..200).map(|_| small.clone()).collect();
        let mut runs = Vec::new();
        for_each_batch(&msgs, |r| runs.push(r.len()));
        assert!(runs.len() > 1);
        assert_eq!(runs.iter().sum::<usize>(), 200);
        for r in &runs {
            assert!(r * 1001 - 1 <= MAX_BATCH_FRAME, "{r}");
        }
        let big = vec![Bytes::from(vec![b'x'; 100_000]), small.clone()];
        let mut runs = Vec::new();
        for_each_batch(&big, |r| runs.push(r.len()));
        assert_eq!(runs, vec![1, 1]);
        let mut none = 0;
        for_each_batch(&[], |_| none += 1);
        assert_eq!(none, 0);
    }

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
