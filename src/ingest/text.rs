//! Decoding text files without asking: UTF-8 (with or without BOM), UTF-16 with BOM,
//! else GBK/GB18030 — what Excel on a Chinese Windows writes as “CSV”.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// The text and the name of the encoding it was in.
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), bom_name(encoding));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _, _) = GB18030.decode(bytes);
            (text.into_owned(), "GBK/GB18030")
        }
    }
}

/// Decodes with the charset an HTML page declares, when it declares one.
pub fn decode_declared(bytes: &[u8], label: &str) -> Option<String> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    let (text, _, _) = encoding.decode(bytes);
    Some(text.into_owned())
}

fn bom_name(encoding: &'static Encoding) -> &'static str {
    if encoding == UTF_8 {
        "UTF-8 (BOM)"
    } else if encoding == UTF_16LE {
        "UTF-16LE"
    } else if encoding == UTF_16BE {
        "UTF-16BE"
    } else {
        encoding.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding() {
        let text = "姓名,身份证号";
        let (gbk, _, _) = GB18030.encode(text);
        assert_eq!(decode(&gbk), (text.to_string(), "GBK/GB18030"));
        assert_eq!(decode(text.as_bytes()), (text.to_string(), "UTF-8"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom), (text.to_string(), "UTF-8 (BOM)"));
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&utf16), (text.to_string(), "UTF-16LE"));
    }
}
