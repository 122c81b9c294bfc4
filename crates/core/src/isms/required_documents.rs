//! The documented information ISO/IEC 27001:2022 and ISO/IEC 20000-1:2018 call for, clause by
//! clause, as the register of documented information starts from. Ids and clause numbers are
//! the standards'; the titles are our own short names for what each clause asks to be kept.

use super::document::Form;
use crate::framework::{iso20000, iso27001};

/// One piece of documented information a standard calls for, named in our own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Required {
    /// Stable key, also the id of its record in every workspace (so two devices adding the
    /// required documents make one record each, not two).
    pub key: &'static str,
    /// The framework id and the clause that calls for it.
    pub framework: &'static str,
    pub clause: &'static str,
    pub title: &'static str,
    pub form: Form,
}

impl Required {
    /// The assessment item it belongs to, `FRAMEWORK/ITEM`.
    pub fn item_key(&self) -> String {
        format!("{}/{}", self.framework, self.clause)
    }

    /// "ISO/IEC 27001:2022 5.2", "ISO/IEC 20000-1:2018 7.5.4 h".
    pub fn reference(&self) -> String {
        let standard = if self.framework == iso27001().id {
            &iso27001().name
        } else {
            &iso20000().name
        };
        format!(
            "{standard} {}",
            self.short_reference()
                .split_once(' ')
                .map_or("", |(_, r)| r)
        )
    }

    /// The reference in few characters, for a list: "27001 5.2", "20000-1 7.5.4 h".
    pub fn short_reference(&self) -> String {
        let standard = if self.framework == iso27001().id {
            "27001"
        } else {
            "20000-1"
        };
        match self.key.rsplit_once('-') {
            Some((_, letter)) if letter.len() == 1 => {
                format!("{standard} {} {letter}", self.clause)
            }
            _ => format!("{standard} {}", self.clause),
        }
    }

    pub fn by_key(key: &str) -> Option<&'static Required> {
        REQUIRED.iter().find(|r| r.key == key)
    }
}

const fn required(
    key: &'static str,
    framework: &'static str,
    clause: &'static str,
    title: &'static str,
    form: Form,
) -> Required {
    Required {
        key,
        framework,
        clause,
        title,
        form,
    }
}

const I27: &str = "iso27001:2022";
const I20: &str = "iso20000-1:2018";

/// The documented information ISO/IEC 27001:2022 and ISO/IEC 20000-1:2018 (7.5.4 a–l) call
/// for, by clause. Titles are our own short names for what each clause asks to be kept.
pub const REQUIRED: &[Required] = &[
    required(
        "isms-scope",
        I27,
        "4.3",
        "Scope of the ISMS",
        Form::Document,
    ),
    required(
        "isms-policy",
        I27,
        "5.2",
        "Information security policy",
        Form::Document,
    ),
    required(
        "isms-risk-assessment-process",
        I27,
        "6.1.2",
        "Information security risk assessment process",
        Form::Document,
    ),
    required(
        "isms-risk-treatment-process",
        I27,
        "6.1.3",
        "Information security risk treatment process",
        Form::Document,
    ),
    required(
        "isms-soa",
        I27,
        "6.1.3",
        "Statement of Applicability",
        Form::Document,
    ),
    required(
        "isms-objectives",
        I27,
        "6.2",
        "Information security objectives",
        Form::Document,
    ),
    required(
        "isms-competence",
        I27,
        "7.2",
        "Evidence of competence",
        Form::Record,
    ),
    required(
        "isms-operation",
        I27,
        "8.1",
        "Evidence that processes ran as planned",
        Form::Record,
    ),
    required(
        "isms-risk-assessments",
        I27,
        "8.2",
        "Results of information security risk assessments",
        Form::Record,
    ),
    required(
        "isms-risk-treatment",
        I27,
        "8.3",
        "Results of information security risk treatment",
        Form::Record,
    ),
    required(
        "isms-monitoring",
        I27,
        "9.1",
        "Monitoring and measurement results",
        Form::Record,
    ),
    required(
        "isms-audits",
        I27,
        "9.2.2",
        "Audit programme and audit results",
        Form::Record,
    ),
    required(
        "isms-management-review",
        I27,
        "9.3.3",
        "Management review results",
        Form::Record,
    ),
    required(
        "isms-nonconformities",
        I27,
        "10.2",
        "Nonconformities, actions taken and corrective action results",
        Form::Record,
    ),
    required(
        "sms-7-5-4-a",
        I20,
        "7.5.4",
        "Scope of the SMS",
        Form::Document,
    ),
    required(
        "sms-7-5-4-b",
        I20,
        "7.5.4",
        "Service management policy and objectives",
        Form::Document,
    ),
    required(
        "sms-7-5-4-c",
        I20,
        "7.5.4",
        "Service management plan",
        Form::Document,
    ),
    required(
        "sms-7-5-4-d",
        I20,
        "7.5.4",
        "Change management policy, information security policy and service continuity plans",
        Form::Document,
    ),
    required(
        "sms-7-5-4-e",
        I20,
        "7.5.4",
        "Processes of the SMS",
        Form::Document,
    ),
    required(
        "sms-7-5-4-f",
        I20,
        "7.5.4",
        "Service requirements",
        Form::Document,
    ),
    required(
        "sms-7-5-4-g",
        I20,
        "7.5.4",
        "Service catalogue",
        Form::Document,
    ),
    required(
        "sms-7-5-4-h",
        I20,
        "7.5.4",
        "Service level agreements",
        Form::Document,
    ),
    required(
        "sms-7-5-4-i",
        I20,
        "7.5.4",
        "Contracts with external suppliers",
        Form::Document,
    ),
    required(
        "sms-7-5-4-j",
        I20,
        "7.5.4",
        "Agreements with internal suppliers and internal customers",
        Form::Document,
    ),
    required(
        "sms-7-5-4-k",
        I20,
        "7.5.4",
        "Procedures the standard calls for",
        Form::Document,
    ),
    required(
        "sms-7-5-4-l",
        I20,
        "7.5.4",
        "Records that show conformity",
        Form::Record,
    ),
];
