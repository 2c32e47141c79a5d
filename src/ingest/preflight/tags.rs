//! A small streaming scanner of XML start tags: enough to read the declarations the
//! pre-flight checks (a tag's name and attributes) without building a document, with
//! memory bounded by the longest tag.

use std::io::{BufRead, Read};

/// The longest tag kept; a longer one is cut (its attributes past this are not seen).
const MAX_TAG: usize = 64 * 1024;

/// One start tag: its name, its attribute text, and whether it closes itself.
#[derive(Debug, Default)]
pub struct Tag {
    /// The qualified name, as written (`table:table-row`).
    pub name: String,
    /// The text after the name, up to `>`.
    attributes: String,
    /// `<x/>`
    pub empty: bool,
}

impl Tag {
    /// A tag of these attributes (the text after its name).
    pub fn with_attributes(attributes: &str) -> Tag {
        Tag { name: String::new(), attributes: format!(" {attributes}"), empty: false }
    }

    /// The value of an attribute, by qualified name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        let mut rest = self.attributes.as_str();
        while let Some(at) = rest.find(name) {
            let before = rest[..at].chars().next_back();
            let after = rest[at + name.len()..].trim_start();
            rest = &rest[at + name.len()..];
            if !before.is_some_and(|c| c.is_whitespace()) || !after.starts_with('=') {
                continue;
            }
            let value = after[1..].trim_start();
            let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
            return value[1..].split(quote).next();
        }
        None
    }

    /// An attribute as a number; `u64::MAX` for digits too many to count, `None` for
    /// no attribute or no number.
    pub fn number(&self, name: &str) -> Option<u64> {
        let value = self.attr(name)?.trim();
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(value.parse().unwrap_or(u64::MAX))
    }
}

/// What the scanner met next.
#[derive(Debug)]
pub enum Event {
    /// A start (or empty) tag.
    Start(Tag),
    /// An end tag, by name.
    End(String),
}

/// Start and end tags of an XML stream, in order; text, comments and declarations
/// skipped. Stops at the end or at a read error.
pub struct Tags<R> {
    input: R,
    buffer: Vec<u8>,
}

impl<R: BufRead> Tags<R> {
    /// Scans `input`.
    pub fn new(input: R) -> Self {
        Tags { input, buffer: Vec::new() }
    }

    fn read_tag(&mut self) -> Option<()> {
        self.buffer.clear();
        let mut skipped = Vec::new();
        loop {
            skipped.clear();
            let n = Read::take(&mut self.input, MAX_TAG as u64).read_until(b'<', &mut skipped).ok()?;
            if n == 0 {
                return None;
            }
            if skipped.last() == Some(&b'<') {
                break;
            }
        }
        loop {
            let n = Read::take(&mut self.input, MAX_TAG as u64).read_until(b'>', &mut self.buffer).ok()?;
            if n == 0 || self.buffer.last() == Some(&b'>') {
                break;
            }
            if self.buffer.len() > MAX_TAG {
                self.buffer.truncate(MAX_TAG);
            }
        }
        Some(())
    }
}

impl<R: BufRead> Iterator for Tags<R> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        loop {
            self.read_tag()?;
            let text = String::from_utf8_lossy(&self.buffer);
            let text = text.trim_end_matches('>');
            if text.starts_with(['?', '!']) {
                continue;
            }
            if let Some(name) = text.strip_prefix('/') {
                return Some(Event::End(name.trim().to_string()));
            }
            let empty = text.ends_with('/');
            let text = text.trim_end_matches('/');
            let (name, attributes) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
            return Some(Event::Start(Tag { name: name.to_string(), attributes: format!(" {attributes}"), empty }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_attributes_are_read() {
        let xml = br#"<?xml version="1.0"?><sst xmlns="x" count="12" uniqueCount='3'><si><t>a&lt;b</t></si><x:c r="A1"/></sst>"#;
        let events: Vec<Event> = Tags::new(&xml[..]).collect();
        let Event::Start(sst) = &events[0] else { panic!("{events:?}") };
        assert_eq!((sst.name.as_str(), sst.number("count"), sst.number("uniqueCount")), ("sst", Some(12), Some(3)));
        assert_eq!(sst.number("Count"), None);
        let Event::Start(c) = &events[5] else { panic!("{events:?}") };
        assert_eq!((c.name.as_str(), c.attr("r"), c.empty), ("x:c", Some("A1"), true));
        assert!(matches!(&events[6], Event::End(name) if name == "sst"));
    }

    #[test]
    fn a_number_too_long_is_the_largest() {
        let xml = br#"<sst uniqueCount="99999999999999999999999"/>"#;
        let Some(Event::Start(tag)) = Tags::new(&xml[..]).next() else { panic!() };
        assert_eq!(tag.number("uniqueCount"), Some(u64::MAX));
    }
}
