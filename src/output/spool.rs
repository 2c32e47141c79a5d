//! The bytes of a sheet's rows, kept until the workbook is saved: in memory while they
//! fit one chunk (a union's list of problems), beyond that in a temporary file
//! (roster.xlsx's million rows). The file is written by a thread of its own, chunk by
//! chunk, so the thread making the rows never waits on the file; the emptied chunks come
//! back to be filled again, so a few chunks serve the whole sheet.

use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom, Write};
use std::mem;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::{self, JoinHandle};

/// Bytes gathered before they go to the file.
const CHUNK: usize = 1 << 20;

/// Chunks on their way to the file at most (the rows wait beyond that).
const QUEUED: usize = 2;

/// Rows' bytes on their way to the save.
#[derive(Default)]
pub struct Spool {
    chunk: Vec<u8>,
    file: Option<FileWriter>,
}

/// The thread writing full chunks to the temporary file, and the chunks it emptied.
struct FileWriter {
    full: SyncSender<Vec<u8>>,
    emptied: Receiver<Vec<u8>>,
    thread: JoinHandle<io::Result<File>>,
}

impl Spool {
    /// Where the next bytes are written, after those written; [`Spool::written`] once
    /// they are.
    pub fn chunk(&mut self) -> &mut Vec<u8> {
        &mut self.chunk
    }

    /// Sends the chunk on to the file when it is full.
    pub fn written(&mut self) -> io::Result<()> {
        if self.chunk.len() >= CHUNK {
            self.send()?;
        }
        Ok(())
    }

    /// Hands the full chunk to the file's thread (started with the first) and goes on
    /// with an emptied one.
    fn send(&mut self) -> io::Result<()> {
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(FileWriter::start()),
        };
        let next = file.emptied.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK + CHUNK / 8));
        let full = mem::replace(&mut self.chunk, next);
        if file.full.send(full).is_ok() {
            return Ok(());
        }
        // The thread stopped on an error: that error is its result.
        match self.file.take().map(FileWriter::finish) {
            Some(Err(why)) => Err(why),
            _ => Err(io::Error::other("the temporary file of rows closed early")),
        }
    }

    /// How many bytes were written, and a reader of them in order.
    pub fn finish(self) -> io::Result<(u64, Box<dyn Read>)> {
        let in_memory = Cursor::new(self.chunk);
        let Some(file) = self.file else {
            return Ok((in_memory.get_ref().len() as u64, Box::new(in_memory)));
        };
        let mut file = file.finish()?;
        let on_file = file.stream_position()?;
        file.seek(SeekFrom::Start(0))?;
        let length = on_file + in_memory.get_ref().len() as u64;
        Ok((length, Box::new(file.chain(in_memory))))
    }
}

impl FileWriter {
    /// A temporary file and the thread writing to it.
    fn start() -> FileWriter {
        let (full, chunks) = mpsc::sync_channel::<Vec<u8>>(QUEUED);
        let (give_back, emptied) = mpsc::channel();
        let thread = thread::spawn(move || {
            let mut file = tempfile::tempfile()?;
            for mut chunk in chunks {
                file.write_all(&chunk)?;
                chunk.clear();
                // The spool may be gone already: then the chunk is simply dropped.
                let _ = give_back.send(chunk);
            }
            Ok(file)
        });
        FileWriter { full, emptied, thread }
    }

    /// The file, once every chunk sent is written.
    fn finish(self) -> io::Result<File> {
        drop(self.full);
        self.thread.join().map_err(|_| io::Error::other("the thread writing rows to a temporary file stopped"))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spooled(rows: &[Vec<u8>]) -> (u64, Vec<u8>) {
        let mut spool = Spool::default();
        for row in rows {
            spool.chunk().extend_from_slice(row);
            spool.written().unwrap();
        }
        let (length, mut reader) = spool.finish().unwrap();
        let mut back = Vec::new();
        reader.read_to_end(&mut back).unwrap();
        (length, back)
    }

    #[test]
    fn rows_come_back_in_order_from_memory_and_from_the_file() {
        for count in [0, 3, 5_000] {
            // Rows of different lengths, 5,000 of them some 3.4 MB: three chunks on file.
            let rows: Vec<Vec<u8>> =
                (0..count).map(|k| format!("<row r=\"{k}\">{}</row>", "格".repeat(k % 400)).into_bytes()).collect();
            let (length, back) = spooled(&rows);
            assert_eq!(back, rows.concat());
            assert_eq!(length, back.len() as u64);
        }
    }
}
