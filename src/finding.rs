//! Findings: problems in the data, reported like a linter's diagnostics (SPEC §4).
//!
//! The one table of codes, severities and titles lives here. A stage that finds a
//! problem pushes a [`Finding`]; it never prints and never stops the batch.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use compact_str::CompactString;
use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The whole file could not be used.
    File,
    /// The row is excluded from the statistics.
    Error,
    /// The row is counted, and listed for review.
    Warning,
}

impl Severity {
    /// The word a clerk reads.
    pub fn label(self) -> &'static str {
        match self {
            Severity::File => "文件",
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

macro_rules! codes {
    ($($code:ident $severity:ident $title:literal;)*) => {
        /// A finding code: a contract with the users (SPEC §4).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($code,)* }

        impl Code {
            /// Every code, in the order of the SPEC.
            pub const ALL: &'static [Code] = &[$(Code::$code,)*];

            /// Its severity.
            pub fn severity(self) -> Severity {
                match self { $(Code::$code => Severity::$severity,)* }
            }

            /// What it means, in a few Chinese words.
            pub fn title(self) -> &'static str {
                match self { $(Code::$code => $title,)* }
            }

            /// `E103`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code),)* }
            }
        }
    };
}

codes! {
    F001 File "文件无法打开：已损坏、不完整或不是电子表格";
    F002 File "文件已加密或设有打开密码";
    F003 File "文件中没有可识别表头的工作表";
    F004 File "文件超出资源限制";
    F005 File "下级汇总包报告期不符、未写填报单位或无法读取";
    E101 Error "身份证号缺失";
    E102 Error "身份证号位数或字符错误";
    E103 Error "身份证号校验位错误";
    E104 Error "身份证号中的出生日期不存在";
    E105 Error "身份证号被存成数字，Excel已丢失末尾数字";
    E110 Error "必填项缺失";
    E111 Error "家庭人口不是不小于1的整数";
    E112 Error "收入不是数字或为负数";
    E113 Error "困难类别不在规定范围内";
    E114 Error "身份不在规定范围内";
    E115 Error "帮扶类型不在词表中";
    E120 Error "同一身份证号对应不同姓名";
    W201 Warning "身份证号地区码未知";
    W202 Warning "性别与身份证号不符";
    W203 Warning "出生日期与身份证号不符";
    W204 Warning "家庭月人均收入与家庭年度总收入÷12÷家庭人口不符";
    W205 Warning "申报的困难类别与按收入测算的类别不符";
    W206 Warning "年龄不合常理";
    W207 Warning "电话号码格式错误";
    W208 Warning "15位身份证号已升级为18位";
    W209 Warning "疑似重复登记（姓名、出生日期、单位相同）";
    W210 Warning "重复行已合并（同一工会）";
    W211 Warning "同一人被两个及以上工会建档（一人多档）";
    W212 Warning "致困原因无法可靠归类，需人工复核";
    W213 Warning "建档日期晚于报告期末";
    W214 Warning "职工人数表的职工总数不是非负整数";
    W215 Warning "人均收入超出各档标准，拟脱困复核";
    W216 Warning "同一家庭被重复建档（一户多档）";
    W217 Warning "超过复核期限未复核，到期复核";
    W301 Warning "单笔帮扶金额超过该帮扶类型的单笔上限";
    W302 Warning "同一人年度帮扶金额超过该帮扶类型的年度上限";
    W303 Warning "帮扶对象不在困难职工档案中（未建档）";
    W304 Warning "疑似重复发放（同一人、类型、日期、金额）";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Where a finding is: file, sheet, Excel row (0 for the whole file).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The path as given on the command line, or relative to the input folder.
    pub file: Arc<str>,
    /// The sheet name; empty for CSV and whole-file findings.
    pub sheet: Arc<str>,
    /// The Excel row number as Excel shows it (CSV: line number); 0 for the whole file.
    pub row: u32,
}

/// A row's place, borrowed from a [`Location`] or a record: file, sheet, Excel row
/// (borrowed, because a million rows would otherwise fill maps with copies).
pub type RowKey<'a> = (&'a str, &'a str, u32);

impl Location {
    /// The row's place as a [`RowKey`].
    pub fn key(&self) -> RowKey<'_> {
        (&self.file, &self.sheet, self.row)
    }

    /// A whole file.
    pub fn file(file: Arc<str>) -> Location {
        Location { file, sheet: Arc::from(""), row: 0 }
    }

    /// `file［sheet］第n行`, for a message that points at another row.
    pub fn where_is(&self) -> String {
        if self.sheet.is_empty() {
            format!("{} 第{}行", self.file, self.row)
        } else {
            format!("{}［{}］第{}行", self.file, self.sheet, self.row)
        }
    }
}

/// One problem found in the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The code from the SPEC.
    pub code: Code,
    /// Where it is.
    pub location: Location,
    /// The canonical column it is about, or empty.
    pub column: &'static str,
    /// The original value (IDs are masked when written out); kept inline when short, as
    /// most are.
    pub value: CompactString,
    /// What is wrong and what to do, in Chinese: a fixed text is borrowed, not copied
    /// into every finding of its kind.
    pub message: Cow<'static, str>,
}

impl Finding {
    /// A problem with a whole file.
    pub fn file(code: Code, file: Arc<str>, message: impl Into<Cow<'static, str>>) -> Finding {
        Finding {
            code,
            location: Location::file(file),
            column: "",
            value: CompactString::default(),
            message: message.into(),
        }
    }

    /// Its severity, from its code.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_their_severity_letter() {
        for code in Code::ALL {
            let expected = match code.as_str().as_bytes()[0] {
                b'F' => Severity::File,
                b'E' => Severity::Error,
                _ => Severity::Warning,
            };
            assert_eq!(code.severity(), expected, "{code}");
            assert!(!code.title().is_empty());
        }
    }
}
