//! Resource limits checked before a file is parsed: its size, and for zip containers
//! (xlsx, ods) the total uncompressed size and the compression ratio their directory
//! declares, so that a zip bomb is refused before it is inflated.

use std::io::{Read, Seek};

use crate::config::Limits;

const MB: u64 = 1024 * 1024;

/// Why a file is over a limit, in Chinese; `None` if within every limit.
pub fn check_size(bytes: u64, limits: &Limits) -> Option<String> {
    (bytes > limits.max_file_mb * MB)
        .then(|| format!("文件大小 {} MB，超过上限 {} MB（[limits] max_file_mb）", bytes / MB, limits.max_file_mb))
}

/// Checks a zip container's declared sizes.
pub fn check_zip<R: Read + Seek>(file: R, limits: &Limits) -> Option<String> {
    let mut archive = zip::ZipArchive::new(file).ok()?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        total = total.saturating_add(size);
        if size > 10 * MB && size / packed > limits.max_ratio {
            return Some(format!(
                "压缩包内“{}”解压后 {} MB，压缩比 {}:1，超过上限 {}:1（[limits] max_ratio），疑似压缩炸弹",
                entry.name().unwrap_or_default(),
                size / MB,
                size / packed,
                limits.max_ratio
            ));
        }
    }
    (total > limits.max_unzipped_mb * MB).then(|| {
        format!("解压后共 {} MB，超过上限 {} MB（[limits] max_unzipped_mb）", total / MB, limits.max_unzipped_mb)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn zip_of(name: &str, content: &[u8]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        writer.start_file(name, options).expect("start");
        writer.write_all(content).expect("write");
        writer.finish().expect("finish").into_inner()
    }

    #[test]
    fn a_bomb_is_refused_and_a_normal_container_passes() {
        let limits = Limits::default();
        let bomb = zip_of("xl/worksheets/sheet1.xml", &vec![b'a'; 40 * MB as usize]);
        let message = check_zip(Cursor::new(bomb), &limits).expect("refused");
        assert!(message.contains("压缩比"), "{message}");
        let normal = zip_of("xl/workbook.xml", b"<workbook/>");
        assert_eq!(check_zip(Cursor::new(normal), &limits), None);
    }

    #[test]
    fn size_limit() {
        let limits = Limits { max_file_mb: 1, ..Limits::default() };
        assert!(check_size(2 * MB, &limits).is_some());
        assert!(check_size(MB, &limits).is_none());
    }
}
