//! The merged regions of an xlsx's worksheets, found by a byte search of each sheet's
//! part for its `<mergeCell ref="…"/>` tags (they follow the rows). calamine finds them
//! by parsing the whole sheet's XML again after its cells were read: at a million rows
//! that was a third of reading (bench/README.md). The sheets' parts are found as
//! calamine finds them, through the package's relationships; a sheet whose part cannot
//! be found this way is left to calamine ([`super::workbook`]).

use std::collections::HashMap;
use std::io::{BufReader, Read, Seek};

use calamine::Dimensions;
use memchr::memmem;
use zip::ZipArchive;

use super::preflight::cell_ref;
use super::preflight::tags::{Event, Tag, Tags};
use crate::text::decode_entities;

/// The merged regions of each worksheet whose part could be found and read, by sheet
/// name.
pub fn by_sheet<R: Read + Seek>(zip: &mut ZipArchive<R>) -> HashMap<String, Vec<Dimensions>> {
    let parts = sheet_parts(zip).unwrap_or_default();
    parts
        .into_iter()
        .filter_map(|(sheet, part)| Some((sheet, merged_regions(zip.by_name(&part).ok()?).ok()?)))
        .collect()
}

/// Each worksheet's part, by sheet name: the package's office document (the workbook
/// part), its relationships, and its `<sheet name r:id>` list.
fn sheet_parts<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Option<HashMap<String, String>> {
    let entries: HashMap<String, String> =
        zip.file_names().filter_map(Result::ok).map(|name| (name.to_ascii_lowercase(), name.into_owned())).collect();
    let find = |path: &str| entries.get(&path.trim_start_matches('/').to_ascii_lowercase()).cloned();
    let package = relationships(zip, &find("_rels/.rels")?);
    let workbook = package.values().find(|(kind, _)| kind.ends_with("/officeDocument"))?.1.trim_start_matches('/');
    let workbook = find(workbook)?;
    let (folder, file) = workbook.rsplit_once('/').map_or(("", workbook.as_str()), |(d, f)| (d, f));
    let folder = if folder.is_empty() { String::new() } else { format!("{folder}/") };
    let targets = relationships(zip, &find(&format!("{folder}_rels/{file}.rels"))?);
    let mut parts = HashMap::new();
    for tag in start_tags(zip, &workbook).into_iter().filter(|t| local(&t.name) == "sheet") {
        let (Some(name), Some(id)) = (tag.attr("name"), tag.attr("r:id")) else { continue };
        let Some((_, target)) = targets.get(id) else { continue };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("{folder}{target}"),
        };
        if let Some(part) = find(&path) {
            parts.insert(decode_entities(name), part);
        }
    }
    Some(parts)
}

/// A relationships part: (type, target) by id.
fn relationships<R: Read + Seek>(zip: &mut ZipArchive<R>, part: &str) -> HashMap<String, (String, String)> {
    start_tags(zip, part)
        .into_iter()
        .filter(|t| local(&t.name) == "Relationship")
        .filter_map(|t| {
            let (id, kind, target) = (t.attr("Id")?, t.attr("Type")?, t.attr("Target")?);
            Some((id.to_string(), (kind.to_string(), decode_entities(target))))
        })
        .collect()
}

fn start_tags<R: Read + Seek>(zip: &mut ZipArchive<R>, part: &str) -> Vec<Tag> {
    let Ok(entry) = zip.by_name(part) else { return Vec::new() };
    Tags::new(BufReader::new(entry))
        .filter_map(|event| match event {
            Event::Start(tag) => Some(tag),
            Event::End(_) => None,
        })
        .collect()
}

/// A tag's name without its namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The `<mergeCell ref>` regions of a sheet's XML, read in chunks: only the bytes of a
/// tag that runs past a chunk are kept over.
fn merged_regions(mut part: impl Read) -> std::io::Result<Vec<Dimensions>> {
    const NAME: &[u8] = b"mergeCell";
    let finder = memmem::Finder::new(NAME);
    let mut regions = Vec::new();
    let mut chunk = vec![0; 1 << 16];
    // The window starts with the byte before its first unread one (a space at first).
    let mut window = vec![b' '];
    loop {
        let n = part.read(&mut chunk)?;
        window.extend_from_slice(&chunk[..n]);
        let mut keep = window.len().saturating_sub(NAME.len() + 1);
        let mut from = 1;
        while let Some(at) = finder.find(&window[from..]).map(|i| from + i) {
            let Some(&after) = window.get(at + NAME.len()) else {
                keep = at - 1;
                break;
            };
            let starts_tag = matches!(window[at - 1], b'<' | b':') && after.is_ascii_whitespace();
            let Some(end) = window[at..].iter().position(|&b| b == b'>').map(|i| at + i) else {
                keep = if starts_tag { at - 1 } else { keep };
                break;
            };
            if starts_tag {
                regions.extend(region(&window[at + NAME.len()..end]));
            }
            from = end;
            keep = keep.max(end);
        }
        if n == 0 {
            return Ok(regions);
        }
        window.drain(..keep);
    }
}

/// The region of a `<mergeCell>` tag's attributes: `ref="B2:D3"`, 0-based.
fn region(attributes: &[u8]) -> Option<Dimensions> {
    let tag = Tag::with_attributes(&String::from_utf8_lossy(attributes));
    let reference = tag.attr("ref")?;
    let (first, last) = reference.split_once(':').unwrap_or((reference, reference));
    let corner = |text: &str| {
        let (row, col) = cell_ref(text)?;
        Some((u32::try_from(row.checked_sub(1)?).ok()?, u32::try_from(col.checked_sub(1)?).ok()?))
    };
    Some(Dimensions::new(corner(first)?, corner(last)?))
}

#[cfg(test)]
mod tests {
    use std::fs::File;
    use std::path::Path;

    use calamine::{Reader, Xlsx};

    use super::*;

    #[test]
    fn regions_are_read_across_chunks_and_prefixes() {
        let tail = "</sheetData><mergeCells count=\"3\"><mergeCell ref=\"A1:C1\"/><x:mergeCell ref='B2:B4'/>\
            <mergeCell\n ref=\"D5\"/></mergeCells><t>mergeCell ref=\"Z9:Z10\"</t></worksheet>";
        // Every way the tags can straddle the end of the first chunk.
        for pad in 65_536 - tail.len()..65_536 + 2 {
            let xml = format!("{}{tail}", " ".repeat(pad));
            let regions = merged_regions(xml.as_bytes()).unwrap();
            let corners: Vec<_> = regions.iter().map(|d| (d.start, d.end)).collect();
            assert_eq!(corners, [((0, 0), (0, 2)), ((1, 1), (3, 1)), ((4, 3), (4, 3))], "padded {pad}");
        }
    }

    /// The same regions as calamine finds, for every sheet of every sample workbook.
    #[test]
    fn sample_workbooks_merge_as_calamine_reads_them() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
        let mut books = Vec::new();
        let mut folders = vec![root];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "xlsx") {
                    books.push(path);
                }
            }
        }
        let mut merged = 0;
        for path in &books {
            // The sample's broken files are not workbooks at all.
            let Ok(mut zip) = ZipArchive::new(File::open(path).unwrap()) else { continue };
            let found = by_sheet(&mut zip);
            let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
            for name in book.sheet_names() {
                let expected = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
                assert_eq!(found.get(&name), Some(&expected), "{}［{name}］", path.display());
                merged += expected.len();
            }
        }
        assert!(merged > 100, "the sample's forms have merged cells: {merged}");
    }
}
