//! Rules on the ID number and what it says about the person: E101–E105, W201–W203,
//! W206, W208.

use super::{Context, RowCheck};
use crate::columns::Field;
use crate::finding::Code;
use crate::normalize::date::{age_at, format, Day};
use crate::normalize::id::{self, IdError, ResidentId};
use crate::rows::Worker;

/// Parses the ID and reports what is wrong with it.
pub fn check(row: &mut RowCheck) -> Result<ResidentId, IdError> {
    let parsed = id::parse(row.cell(Field::Id));
    match &parsed {
        Err(IdError::Missing) => row.push(Code::E101, Field::Id, "身份证号为空，请补填。"),
        Err(IdError::Malformed) => {
            row.push(Code::E102, Field::Id, "身份证号应为18位（前17位为数字，末位为数字或X），请核对。")
        }
        Err(IdError::CheckChar(expected)) => row.push(
            Code::E103,
            Field::Id,
            format!("身份证号校验位不对（按前17位应为{expected}），可能有数字录错，请与身份证核对。"),
        ),
        Err(IdError::BirthDate) => row.push(Code::E104, Field::Id, "身份证号中的出生日期不存在，请与身份证核对。"),
        Err(IdError::LostDigits) => row.push(
            Code::E105,
            Field::Id,
            "身份证号被存成了数字，Excel只保留15位有效数字，末尾几位已丢失。请把该列设为文本格式后重新录入。",
        ),
        Ok(id) => {
            if id.upgraded {
                row.push(Code::W208, Field::Id, format!("15位身份证号已按规则升级为18位：{}。", id.number));
            }
            if !id::region_known(&id.number) {
                row.push(Code::W201, Field::Id, format!("身份证号前6位地区码{}查无此地，请核对。", &id.number[..6]));
            }
        }
    }
    parsed
}

/// Sex, birth date and age against the ID.
pub fn check_against_fields(row: &mut RowCheck, worker: &Worker, ctx: Context) {
    let Ok(id) = &worker.id else { return };
    let id_sex = if id.male { "男" } else { "女" };
    let sex = worker.text(Field::Sex);
    if matches!(sex.as_str(), "男" | "女") && sex != id_sex {
        row.push(Code::W202, Field::Sex, format!("性别填“{sex}”，身份证号显示为“{id_sex}”。"));
    }
    if let Some(birth) = worker.birth_date.map(Day::ymd) {
        let same_month = (birth.0, birth.1) == (id.birth.0, id.birth.1);
        let day_given = row.text(Field::BirthDate).chars().filter(char::is_ascii_digit).count() > 6;
        if !same_month || (day_given && birth != id.birth) {
            row.push(
                Code::W203,
                Field::BirthDate,
                format!("出生日期与身份证号不符，身份证号显示为{}。", format(id.birth)),
            );
        }
    }
    let age = age_at(id.birth, ctx.period_end);
    if age < 16 {
        row.push(Code::W206, Field::Id, format!("按身份证号，报告期末年龄为{age}岁，不满16周岁，请核对。"));
    } else if age > 65 && worker.status.as_deref() == Some("在岗") {
        row.push(Code::W206, Field::Status, format!("身份为在岗，但按身份证号报告期末已{age}岁，请核对。"));
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::tests::{check_row, codes};

    #[test]
    fn e101_missing() {
        assert_eq!(codes(&check_row(&[("身份证号", "")])), vec!["E101"]);
    }

    #[test]
    fn e102_wrong_length_or_characters() {
        assert_eq!(codes(&check_row(&[("身份证号", "41010219800101123")])), vec!["E102"]);
        assert_eq!(codes(&check_row(&[("身份证号", "41010219800101123A")])), vec!["E102"]);
    }

    #[test]
    fn e103_check_digit() {
        let findings = check_row(&[("身份证号", "410102198001011235")]);
        assert_eq!(codes(&findings), vec!["E103"]);
        assert!(findings[0].message.contains("应为"));
    }

    #[test]
    fn e104_birth_date() {
        assert_eq!(codes(&check_row(&[("身份证号", "440308199902301512")])), vec!["E104"]);
    }

    #[test]
    fn e105_number_lost_digits() {
        assert_eq!(codes(&check_row(&[("身份证号", "4.10102E+17")])), vec!["E105"]);
    }

    #[test]
    fn w201_unknown_region() {
        assert_eq!(codes(&check_row(&[("身份证号", "111111198001011236")])), vec!["W201"]);
    }

    #[test]
    fn w202_sex_disagrees() {
        assert_eq!(codes(&check_row(&[("性别", "女")])), vec!["W202"]);
        assert_eq!(codes(&check_row(&[("性别", "男")])), Vec::<&str>::new());
    }

    #[test]
    fn w203_birth_date_disagrees() {
        assert_eq!(codes(&check_row(&[("出生日期", "1980-02-01")])), vec!["W203"]);
        assert_eq!(codes(&check_row(&[("出生日期", "1980年1月")])), Vec::<&str>::new());
        assert_eq!(codes(&check_row(&[("出生日期", "1980.01.01")])), Vec::<&str>::new());
    }

    #[test]
    fn w206_implausible_age() {
        assert_eq!(codes(&check_row(&[("身份证号", "410102201501011230"), ("出生日期", "")])), vec!["W206"]);
        let old = [("身份证号", "410102195001011236"), ("身份", "在岗"), ("出生日期", "")];
        assert_eq!(codes(&check_row(&old)), vec!["W206"]);
    }

    #[test]
    fn w208_fifteen_digits_upgraded() {
        let findings = check_row(&[("身份证号", "410102800101123"), ("性别", "")]);
        assert_eq!(codes(&findings), vec!["W208"]);
    }
}
