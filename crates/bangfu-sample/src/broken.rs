//! Files the program cannot use, one per file-level finding: a roster cut off
//! in the middle of sending (F001), a password-protected workbook (F002) and a
//! workbook holding only a notice, with no table at all (F003).

use std::io::{Cursor, Write};

use super::grid::{Cell, Grid, Look};
use super::people::{person, Household, Registry};
use super::rng::Rng;
use super::sink::Sink;
use super::unions::WORKFORCE_ONLY;
use super::{write, SampleFile};

/// The three files, with their planted findings.
pub fn files(rng: &mut Rng, registry: &mut Registry, sink: &mut Sink) -> Result<Vec<SampleFile>, String> {
    let truncated = SampleFile {
        path: format!("{WORKFORCE_ONLY}2026年困难职工花名册.xlsx"),
        bytes: truncated(rng, registry)?,
    };
    sink.file_level("F001", &truncated.path, "文件只传了一半（.xlsx 被截断），无法打开");
    let encrypted =
        SampleFile { path: "帮扶资金发放明细（加密）.xlsx".to_string(), bytes: encrypted(rng)? };
    sink.file_level("F002", &encrypted.path, "工作簿设置了打开密码（加密的 OLE2 文件）");
    let notice =
        SampleFile { path: "关于报送2026年度困难职工档案的通知.xlsx".to_string(), bytes: notice()? };
    sink.file_level("F003", &notice.path, "只有一张通知，没有可识别的表头");
    Ok(vec![truncated, encrypted, notice])
}

/// The first half of a real roster workbook.
fn truncated(rng: &mut Rng, registry: &mut Registry) -> Result<Vec<u8>, String> {
    let units = ["县自来水公司".to_string()];
    let household = Household { units: &units, retired: false };
    let headers = ["序号", "姓名", "身份证号", "工作单位"];
    let mut grid = Grid::titled("花名册", &format!("{WORKFORCE_ONLY}2026年困难职工花名册"), headers.len());
    grid.header(&headers);
    for i in 1..=8 {
        let p = person(rng, &household, registry);
        let cells = [Cell::Number(f64::from(i)), Cell::text(&p.name), Cell::text(&p.id), Cell::text(&p.unit)];
        grid.row(cells.into_iter().map(Some).collect(), Look::Body);
    }
    let whole = write::xlsx(&[grid])?;
    Ok(whole[..whole.len() / 2].to_vec())
}

/// An OLE2 file with the streams of an Office-encrypted workbook (agile
/// encryption): what Excel writes when a password is set on an .xlsx.
fn encrypted(rng: &mut Rng) -> Result<Vec<u8>, String> {
    let io = |e: std::io::Error| format!("cannot build the encrypted sample: {e}");
    let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).map_err(io)?;
    let mut info = vec![4, 0, 4, 0, 0x40, 0, 0, 0]; // version 4.4, agile
    info.extend_from_slice(encryption_xml(rng).as_bytes());
    let mut package = 9_216u64.to_le_bytes().to_vec();
    package.extend((0..9_216).map(|_| rng.next_u64() as u8));
    for (name, bytes) in [("/EncryptionInfo", info), ("/EncryptedPackage", package)] {
        let mut stream = file.create_stream(name).map_err(io)?;
        stream.write_all(&bytes).map_err(io)?;
        stream.flush().map_err(io)?;
    }
    file.flush().map_err(io)?;
    Ok(file.into_inner().into_inner())
}

fn encryption_xml(rng: &mut Rng) -> String {
    let salt: String = (0..16).map(|_| format!("{:02X}", rng.next_u64() as u8)).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
         <encryption xmlns=\"http://schemas.microsoft.com/office/2006/encryption\">\
         <keyData saltSize=\"16\" blockSize=\"16\" keyBits=\"256\" hashSize=\"64\" cipherAlgorithm=\"AES\" \
         cipherChaining=\"ChainingModeCBC\" hashAlgorithm=\"SHA512\" saltValue=\"{salt}\"/></encryption>"
    )
}

/// The lines of the notice.
const NOTICE: &[&str] = &[
    "关于报送2026年度困难职工档案的通知",
    "各基层工会：",
    "根据上级工会关于做好困难职工帮扶工作的要求，请各基层工会于2026年11月25日前报送本单位困难职工花名册及帮扶台账。",
    "一、报送内容：困难职工花名册、2026年度帮扶资金发放台账。",
    "二、报送方式：电子版发送至县总工会邮箱，纸质版加盖公章后报送。",
    "联系人：王晓燕  电话：0371-62345678",
    "豫安县总工会",
    "2026年11月1日",
];

/// A workbook whose only sheet is the notice.
fn notice() -> Result<Vec<u8>, String> {
    let mut grid = Grid::new("通知");
    for line in NOTICE {
        grid.texts(&[(0, line)], Look::Note);
    }
    write::xlsx(&[grid])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn encrypted_file_has_the_streams_of_an_encrypted_workbook() {
        let bytes = encrypted(&mut Rng::new(1)).expect("builds");
        let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).expect("an OLE2 file");
        let mut info = Vec::new();
        file.open_stream("/EncryptionInfo").expect("stream").read_to_end(&mut info).expect("reads");
        assert_eq!(&info[..4], &[4, 0, 4, 0]);
        assert!(file.is_stream("/EncryptedPackage"));
    }

    #[test]
    fn truncated_is_not_a_zip_any_more() {
        let bytes = truncated(&mut Rng::new(1), &mut Registry::default()).expect("builds");
        assert!(calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).is_err());
    }

    #[test]
    fn files_are_planted() {
        let mut sink = Sink::default();
        let files = files(&mut Rng::new(1), &mut Registry::default(), &mut sink).expect("builds");
        let planted = sink.finish();
        assert_eq!(files.len(), 3);
        let codes: Vec<&str> = planted.iter().map(|p| p.code).collect();
        assert_eq!(codes, vec!["F001", "F002", "F003"]);
        assert!(planted.iter().all(|p| p.row == 0));
    }
}
