//! The bytes of a sheet's rows on their way to the save, gathered in chunks. A chunk
//! that is full goes to the spool's destination — the rows kept for the save, or the
//! sheet's part of the zip, compressed as the rows come — written
//! by a thread of its own, so the thread making the rows never waits on it; the
//! emptied chunks come back to be filled again, so a few chunks serve the whole sheet.
//! A list that never fills a chunk (a union's list of problems) starts no thread. Other
//! bytes may be written to a spool as to any writer (summary.json is).

use std::io::{self, Write};
use std::mem;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::{self, JoinHandle};

/// Bytes gathered before they go to the destination.
const CHUNK: usize = 1 << 20;

/// Chunks on their way to the destination at most (the rows wait beyond that).
const QUEUED: usize = 2;

/// Opens a spool's destination, when the first chunk is full or at the end.
type Open<W> = Box<dyn FnOnce() -> io::Result<W> + Send>;

/// Rows' bytes on their way to `W`.
pub struct Spool<W> {
    chunk: Vec<u8>,
    destination: Destination<W>,
}

/// A spool's destination: not opened yet, or written by its thread.
enum Destination<W> {
    Closed(Open<W>),
    Open(Writer<W>),
}

/// The thread writing full chunks to the destination, and the chunks it emptied.
struct Writer<W> {
    full: SyncSender<Vec<u8>>,
    emptied: Receiver<Vec<u8>>,
    thread: JoinHandle<io::Result<W>>,
}

impl<W: Write + Send + 'static> Spool<W> {
    /// An empty spool whose destination `open` makes when it is first needed.
    pub fn new(open: impl FnOnce() -> io::Result<W> + Send + 'static) -> Spool<W> {
        Spool { chunk: Vec::new(), destination: Destination::Closed(Box::new(open)) }
    }

    /// Where the next bytes are written, after those written; [`Spool::written`] once
    /// they are.
    pub fn chunk(&mut self) -> &mut Vec<u8> {
        &mut self.chunk
    }

    /// Sends the chunk on to the destination when it is full.
    pub fn written(&mut self) -> io::Result<()> {
        if self.chunk.len() >= CHUNK {
            self.send()?;
        }
        Ok(())
    }

    /// Hands the full chunk to the destination's thread (started with the first) and
    /// goes on with an emptied one.
    fn send(&mut self) -> io::Result<()> {
        let writer = match mem::replace(&mut self.destination, Destination::Closed(Box::new(closed))) {
            Destination::Closed(open) => Writer::start(open),
            Destination::Open(writer) => writer,
        };
        let next = writer.emptied.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK + CHUNK / 8));
        let full = mem::replace(&mut self.chunk, next);
        if writer.full.send(full).is_ok() {
            self.destination = Destination::Open(writer);
            return Ok(());
        }
        // The thread stopped on an error: that error is its result.
        match writer.finish() {
            Err(why) => Err(why),
            Ok(_) => Err(io::Error::other("the destination of the rows closed early")),
        }
    }

    /// The destination, every byte written to it.
    pub fn finish(self) -> io::Result<W> {
        let mut destination = match self.destination {
            Destination::Closed(open) => open()?,
            Destination::Open(writer) => writer.finish()?,
        };
        destination.write_all(&self.chunk)?;
        Ok(destination)
    }
}

/// Bytes written to a spool are gathered as a sheet's rows are: summary.json goes to
/// its file through one, written there while the next findings are made.
impl<W: Write + Send + 'static> Write for Spool<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.chunk.extend_from_slice(bytes);
        self.written()?;
        Ok(bytes.len())
    }

    /// Flushes nothing: a chunk goes on when full, and the rest at [`Spool::finish`].
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What a spool that stopped on an error holds in place of its destination.
fn closed<W>() -> io::Result<W> {
    Err(io::Error::other("the destination of the rows stopped on an error"))
}

impl<W: Write + Send + 'static> Writer<W> {
    /// The destination opened by `open` on a thread writing to it.
    fn start(open: Open<W>) -> Writer<W> {
        let (full, chunks) = mpsc::sync_channel::<Vec<u8>>(QUEUED);
        let (give_back, emptied) = mpsc::channel();
        let thread = thread::spawn(move || {
            let mut destination = open()?;
            for mut chunk in chunks {
                destination.write_all(&chunk)?;
                chunk.clear();
                // The spool may be gone already: then the chunk is simply dropped.
                let _ = give_back.send(chunk);
            }
            Ok(destination)
        });
        Writer { full, emptied, thread }
    }

    /// The destination, once every chunk sent is written.
    fn finish(self) -> io::Result<W> {
        drop(self.full);
        self.thread.join().map_err(|_| io::Error::other("the thread writing rows stopped"))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spooled(rows: &[Vec<u8>]) -> Vec<u8> {
        let mut spool = Spool::new(|| Ok(Vec::new()));
        for row in rows {
            spool.chunk().extend_from_slice(row);
            spool.written().unwrap();
        }
        spool.finish().unwrap()
    }

    #[test]
    fn rows_reach_the_destination_in_order() {
        for count in [0, 3, 5_000] {
            // Rows of different lengths, 5,000 of them some 3.4 MB: three chunks sent on.
            let rows: Vec<Vec<u8>> =
                (0..count).map(|k| format!("<row r=\"{k}\">{}</row>", "格".repeat(k % 400)).into_bytes()).collect();
            assert_eq!(spooled(&rows), rows.concat());
        }
    }

    #[test]
    fn an_error_of_the_destination_is_the_spools_error() {
        let mut spool = Spool::new(|| Err::<io::Sink, _>(io::Error::other("disk full")));
        let mut failed = None;
        for _ in 0..10 {
            spool.chunk().extend_from_slice(&[b'x'; CHUNK]);
            if let Err(why) = spool.written() {
                failed = Some(why.to_string());
                break;
            }
        }
        assert_eq!(failed.as_deref(), Some("disk full"));
    }
}
