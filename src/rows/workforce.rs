//! The workforce table (职工人数): each unit's 职工总数 and its 上级工会 — the base of the
//! hardship ratio and the hierarchy of the tiered breakdown. Read by
//! [`crate::validate::workforce`], or back from an earlier period's archive.

/// One unit of the workforce table.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The unit (a grassroots union, or an upper-level one).
    pub name: String,
    /// Its 上级工会, when given.
    pub parent: Option<String>,
    /// 职工总数.
    pub workforce: u64,
}

/// The units of every workforce table, in the order read; a unit listed twice keeps its
/// first row.
#[derive(Debug, Clone, Default)]
pub struct Workforce {
    /// The units.
    pub units: Vec<Unit>,
}

impl Workforce {
    /// The unit of a name (spaces ignored).
    pub fn unit(&self, name: &str) -> Option<&Unit> {
        self.units.iter().find(|u| same_name(&u.name, name))
    }

    /// Whether a unit is the 上级工会 of another.
    pub fn is_parent(&self, name: &str) -> bool {
        self.units.iter().any(|u| u.parent.as_deref().is_some_and(|p| same_name(p, name)))
    }

    /// Whether `union` is `unit` or lies under it.
    pub fn within(&self, union: &str, unit: &str) -> bool {
        let mut current = Some(union.to_string());
        for _ in 0..=self.units.len() {
            match current {
                Some(name) if same_name(&name, unit) => return true,
                Some(name) => current = self.unit(&name).and_then(|u| u.parent.clone()),
                None => return false,
            }
        }
        false
    }
}

/// Two unit names are the same when they differ only in white space.
pub fn same_name(a: &str, b: &str) -> bool {
    a.chars().filter(|c| !c.is_whitespace()).eq(b.chars().filter(|c| !c.is_whitespace()))
}
