//! How a change reads in a record's history ("who changed what, when" is what auditors ask):
//! the field in words, and what it became.

use serde_json::Value;

use crate::assessment::{ATTRIBUTE_SEPARATOR, Assessment, Finding, FrameworkChoice, Rating};
use crate::backup::iso_date;
use crate::framework::Catalogue;
use crate::maturity::Scale;
use crate::profile::WorkspaceProfile;
use crate::record::DELETED_FIELD;
use crate::typed::RecordType;

/// Longest text shown for a value; the rest is cut with an ellipsis.
const SHOWN_CHARS: usize = 80;

/// The field `field` of a record of kind `kind`, in words.
pub fn describe_field(kind: &str, field: &str, catalogue: &Catalogue) -> String {
    if field == DELETED_FIELD {
        return "Record".to_owned();
    }
    if kind == Assessment::KIND {
        if let Some((key, part)) = field.split_once(ATTRIBUTE_SEPARATOR) {
            return format!("{} · {}", describe_item(key, catalogue), answer_part(part));
        }
        if let Some(name) = setting(field) {
            return name.to_owned();
        }
    }
    if kind == WorkspaceProfile::KIND
        && let Some(name) = profile_field(field)
    {
        return name.to_owned();
    }
    if kind == crate::isms::risk::Risk::KIND
        && let Some(name) = risk_field(field)
    {
        return name.to_owned();
    }
    if kind == crate::isms::document::Document::KIND
        && let Some(name) = document_field(field)
    {
        return name.to_owned();
    }
    if kind == crate::isms::soa::Soa::KIND
        && let Some((control, part)) = field.split_once('#')
    {
        return format!("{control} · {}", part.replace('_', " "));
    }
    // Fields of the service-management kinds named `NAME#PART`: a step taken, a target per
    // priority, or a link to another record.
    if let Some((name, part)) = field.split_once('#') {
        return match name {
            "step" => "Step".to_owned(),
            "timeline" => "Timeline entry".to_owned(),
            "notify" => "Notification".to_owned(),
            "evidence" => "Evidence".to_owned(),
            "custody" => "Evidence handover".to_owned(),
            "decision" => "Approval decision".to_owned(),
            "review" => "Performance review".to_owned(),
            "test" => "Continuity test".to_owned(),
            "control" => format!("Control {}", describe_item(part, catalogue)),
            "clause" => format!("Clause {}", describe_item(part, catalogue)),
            "measured" if kind == crate::isms::objective::Objective::KIND => {
                "Measurement".to_owned()
            }
            "measured" => format!("Availability measured in {part}"),
            "response" | "resolution" => format!("{} target {part}", humanise(name)),
            _ => format!("{} (link)", humanise(name)),
        };
    }
    humanise(field)
}

/// A risk's fields whose names say too little once humanised.
fn risk_field(field: &str) -> Option<&'static str> {
    Some(match field {
        "impact_c" => "Impact on confidentiality",
        "impact_i" => "Impact on integrity",
        "impact_a" => "Impact on availability",
        "acceptance" => "Acceptance of the residual risk",
        "item" => "Asset or configuration item",
        _ => return None,
    })
}

/// A document's fields whose names say too little once humanised.
fn document_field(field: &str) -> Option<&'static str> {
    Some(match field {
        "review_months" => "Review every (months)",
        "not_needed" => "Why it is not needed here",
        "required" => "Required documented information",
        "location" => "Where it is kept",
        _ => return None,
    })
}

/// `framework/item` as the framework's name and the item's id, e.g. `ISO/IEC 27001:2022 A.5.1`.
fn describe_item(key: &str, catalogue: &Catalogue) -> String {
    match key.split_once('/') {
        Some((framework, item)) => match catalogue.find(framework) {
            Some(found) => format!("{} {item}", found.name),
            None => format!("{framework} {item}"),
        },
        None => key.to_owned(),
    }
}

fn answer_part(part: &str) -> &str {
    match part {
        "rating" => "rating",
        "target" => "item target",
        "not_applicable" => "exclusion",
        "notes" => "notes",
        "evidence" => "evidence",
        "owner" => "owner",
        "due" => "due date",
        "actions" => "actions",
        "finding" => "finding",
        "documented" => "documented information",
        "shared" => "shared answer",
        other => other,
    }
}

fn setting(field: &str) -> Option<&'static str> {
    Some(match field {
        "title" => "Title",
        "frameworks" => "Standards",
        "framework" => "Framework",
        "scale" => "Scale",
        "scope" => "Scope",
        "assessor" => "Assessor",
        "date" => "Date",
        "target" => "Target level",
        "created_at" => "Created",
        "sharing_rules" => "Sharing rules",
        "blocker_level" => "Blocker level",
        _ => return None,
    })
}

/// The profile's fields, as its form labels them.
fn profile_field(field: &str) -> Option<&'static str> {
    Some(match field {
        "organisation" => "Organisation",
        "sms_scope" => "Scope of the service management system (ISO/IEC 20000-1)",
        "isms_scope" => "Scope of the information security management system (ISO/IEC 27001)",
        _ => return None,
    })
}

/// `snake_case` as words with a capital: `due_date` is `Due date`. Field names are
/// identifiers, so an ASCII capital does (full Unicode upper-casing would add its tables, 13 kB,
/// to the wasm).
fn humanise(field: &str) -> String {
    let mut words = field.replace('_', " ");
    if let Some(first) = words.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    words
}

/// What the field `field` of a record of kind `kind` became: `None` (or null) is a cleared
/// field.
pub fn describe_value(kind: &str, field: &str, value: Option<&Value>) -> String {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return "cleared".to_owned();
    };
    if field == DELETED_FIELD {
        let deleted = value == &Value::Bool(true);
        return if deleted { "deleted" } else { "restored" }.to_owned();
    }
    if kind == Assessment::KIND
        && let Some(setting) = describe_setting(field, value)
    {
        return setting;
    }
    let part = field.rsplit_once(ATTRIBUTE_SEPARATOR).map(|(_, part)| part);
    if part == Some("finding")
        && let Ok(finding) = serde_json::from_value::<Finding>(value.clone())
    {
        return finding.label().to_owned();
    }
    if part == Some("documented") {
        return match value {
            Value::Bool(true) => "in place".to_owned(),
            _ => "missing".to_owned(),
        };
    }
    if part == Some("shared") {
        return match value {
            Value::Bool(true) => "joined".to_owned(),
            _ => "split".to_owned(),
        };
    }
    if part == Some("rating")
        && let Ok(rating) = serde_json::from_value::<Rating>(value.clone())
    {
        return match rating {
            Rating::Level(level) => format!("level {level}"),
            Rating::Attributes(_) => format!("attributes rated, level {}", rating.level()),
        };
    }
    if let Value::String(name) = value
        && let Some(label) = crate::named_values::label_of(kind, field, name)
    {
        return label.to_owned();
    }
    let text_of = |key: &str| value.get(key).and_then(Value::as_str);
    if field.starts_with("step#")
        && let Some(to) = text_of("to")
    {
        let state = crate::named_values::state_label(kind, to).unwrap_or(to);
        return format!("moved to {state}");
    }
    if field.starts_with("review#")
        && let Some(due) = text_of("due")
    {
        return match (text_of("done"), text_of("rating")) {
            (Some(done), Some(rating)) => format!("done {done}, rated {rating}"),
            _ => format!("due {due}"),
        };
    }
    if field.starts_with("test#")
        && let (Some(on), Some(result)) = (text_of("on"), text_of("result"))
    {
        return format!("run {on}: {result}");
    }
    if kind == crate::isms::risk::Risk::KIND
        && field == "acceptance"
        && let (Some(by), Some(score)) = (text_of("by"), value.get("score").and_then(Value::as_u64))
    {
        return format!("accepted by {by} at a residual score of {score}");
    }
    if kind == crate::isms::objective::Objective::KIND
        && field.starts_with("measured#")
        && let (Some(on), Some(number)) = (text_of("on"), value.get("value"))
    {
        return format!("{number} on {on}");
    }
    if kind == crate::isms::document::Document::KIND
        && field == "approval"
        && let (Some(by), Some(version)) = (text_of("by"), text_of("version"))
    {
        return format!("version {version} approved by {by}");
    }
    if kind == crate::isms::soa::Soa::KIND
        && field == "approval"
        && let Some(by) = text_of("by")
    {
        return format!("approved by {by}");
    }
    if field.starts_with("decision#")
        && let (Some(by), Some(verdict)) = (
            value.get("by").and_then(Value::as_str),
            value.get("verdict").and_then(Value::as_str),
        )
    {
        let verb = if verdict == "reject" {
            "rejected"
        } else {
            "approved"
        };
        return format!("{by} {verb}");
    }
    match value {
        Value::String(text) => quoted(text),
        Value::Bool(true) => "yes".to_owned(),
        Value::Bool(false) => "no".to_owned(),
        Value::Number(number) => number.to_string(),
        Value::Array(list) => match list.len() {
            0 => "none".to_owned(),
            1 => "1 entry".to_owned(),
            n => format!("{n} entries"),
        },
        Value::Object(_) | Value::Null => "changed".to_owned(),
    }
}

/// An assessment setting stored as a code, in the words the app shows it with.
fn describe_setting(field: &str, value: &Value) -> Option<String> {
    fn parsed<T: serde::de::DeserializeOwned>(value: &Value) -> Option<T> {
        serde_json::from_value(value.clone()).ok()
    }
    match field {
        "scale" => parsed(value).map(|scale: Scale| scale.name().to_owned()),
        "frameworks" => parsed(value).map(|choice: FrameworkChoice| choice.label().to_owned()),
        "created_at" => value.as_i64().map(iso_date),
        _ => None,
    }
}

fn quoted(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return "empty".to_owned();
    }
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("“{}…”", text[..cut].trim_end()),
        None => format!("“{text}”"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn names_read_as_the_app_shows_them_and_steps_as_the_state_entered() {
        let value = |kind: &str, field: &str, v: Value| describe_value(kind, field, Some(&v));
        assert_eq!(
            value("risk", "state", json!("in-treatment")),
            "In treatment"
        );
        assert_eq!(
            value("nonconformity", "grade", json!("minor")),
            "Minor nonconformity"
        );
        assert_eq!(value("service", "status", json!("live")), "Live");
        assert_eq!(
            value("risk", "step#s1", json!({"to": "analysed", "at": 1})),
            "moved to Analysed"
        );
        assert_eq!(
            value("note", "step#s1", json!({"to": "somewhere", "at": 1})),
            "moved to somewhere"
        );
        assert_eq!(
            value("risk", "title", json!("modify")),
            "“modify”",
            "free text"
        );
        assert_eq!(
            value("risk", "treatment", json!("bribe")),
            "“bribe”",
            "not a name"
        );
    }

    #[test]
    fn assessment_fields_read_as_settings_or_as_an_item_and_its_part() {
        let catalogue = Catalogue::builtin();
        let field = |f: &str| describe_field("assessment", f, &catalogue);
        assert_eq!(field("title"), "Title");
        assert_eq!(field("target"), "Target level");
        assert_eq!(
            field("iso27001:2022/A.5.1#rating"),
            "ISO/IEC 27001:2022 A.5.1 · rating"
        );
        assert_eq!(
            field("iso20000-1:2018/8.6.1#not_applicable"),
            "ISO/IEC 20000-1:2018 8.6.1 · exclusion"
        );
        assert_eq!(field("mine:1/4.1#due"), "mine:1 4.1 · due date");
        assert_eq!(field("$deleted"), "Record");
        assert_eq!(
            describe_field("profile", "isms_scope", &catalogue),
            "Scope of the information security management system (ISO/IEC 27001)"
        );
        assert_eq!(describe_field("workspace", "name", &catalogue), "Name");
        assert_eq!(describe_field("note", "école", &catalogue), "école");
    }

    #[test]
    fn service_management_fields_read_as_steps_targets_and_links() {
        let catalogue = Catalogue::builtin();
        assert_eq!(describe_field("ticket", "step#a1b2", &catalogue), "Step");
        assert_eq!(
            describe_field("ticket", "custody#a1", &catalogue),
            "Evidence handover"
        );
        assert_eq!(
            describe_field("agreement", "measured#2026-11", &catalogue),
            "Availability measured in 2026-11"
        );
        assert_eq!(
            describe_field("agreement", "response#P1", &catalogue),
            "Response target P1"
        );
        assert_eq!(
            describe_field("service", "depends_on#x9", &catalogue),
            "Depends on (link)"
        );
        assert_eq!(describe_field("service", "owner", &catalogue), "Owner");
    }

    #[test]
    fn supplier_reviews_and_continuity_tests_read_as_what_was_planned_or_found() {
        let catalogue = Catalogue::builtin();
        assert_eq!(
            describe_field("supplier", "review#r1", &catalogue),
            "Performance review"
        );
        assert_eq!(
            describe_value("supplier", "review#r1", Some(&json!({"due": "2026-12-01"}))),
            "due 2026-12-01"
        );
        let done =
            json!({"due": "2026-12-01", "done": "2026-12-03", "rating": "partly", "note": "x"});
        assert_eq!(
            describe_value("supplier", "review#r1", Some(&done)),
            "done 2026-12-03, rated partly"
        );
        assert_eq!(
            describe_field("continuity_plan", "test#t1", &catalogue),
            "Continuity test"
        );
        let test = json!({"on": "2026-11-20", "method": "failover", "result": "failed"});
        assert_eq!(
            describe_value("continuity_plan", "test#t1", Some(&test)),
            "run 2026-11-20: failed"
        );
    }

    #[test]
    fn a_risks_acceptance_levels_and_controls_read_in_words() {
        let catalogue = Catalogue::builtin();
        assert_eq!(
            describe_field("risk", "impact_c", &catalogue),
            "Impact on confidentiality"
        );
        assert_eq!(
            describe_field("risk", "control#iso27001:2022/A.8.24", &catalogue),
            "Control ISO/IEC 27001:2022 A.8.24"
        );
        assert_eq!(
            describe_field("risk", "likelihood", &catalogue),
            "Likelihood"
        );
        let accepted = json!({"by": "Grace", "at": 1, "score": 4});
        assert_eq!(
            describe_value("risk", "acceptance", Some(&accepted)),
            "accepted by Grace at a residual score of 4"
        );
        assert_eq!(
            describe_field("change_request", "risk#r1", &catalogue),
            "Risk (link)"
        );
        assert_eq!(
            describe_field("soa", "A.5.15#justification", &catalogue),
            "A.5.15 · justification"
        );
        let approved = json!({"by": "Grace", "at": 1, "digest": "00ff"});
        assert_eq!(
            describe_value("soa", "approval", Some(&approved)),
            "approved by Grace"
        );
    }

    #[test]
    fn a_changes_decisions_read_as_who_decided_what() {
        let catalogue = Catalogue::builtin();
        assert_eq!(
            describe_field("change_request", "decision#d1", &catalogue),
            "Approval decision"
        );
        let decision = json!({"by": "Ben", "verdict": "approve", "at": 1});
        assert_eq!(
            describe_value("change_request", "decision#d1", Some(&decision)),
            "Ben approved"
        );
        let rejection = json!({"by": "Ana", "verdict": "reject", "at": 1});
        assert_eq!(
            describe_value("change_request", "decision#d2", Some(&rejection)),
            "Ana rejected"
        );
        assert_eq!(
            describe_field("change_request", "backout_plan", &catalogue),
            "Backout plan"
        );
    }

    #[test]
    fn values_read_briefly() {
        let value = |f: &str, v: Value| describe_value("assessment", f, Some(&v));
        assert_eq!(value("a/4.1#rating", json!({"level": 3})), "level 3");
        assert_eq!(
            value("a/4.1#notes", json!("  Agreed with the owner. ")),
            "“Agreed with the owner.”"
        );
        assert_eq!(value("a/4.1#notes", json!(" ")), "empty");
        assert_eq!(describe_value("assessment", "a/4.1#notes", None), "cleared");
        assert_eq!(value("a/4.1#owner", Value::Null), "cleared");
        assert_eq!(
            value("a/4.1#evidence", json!([{"text": "Policy"}])),
            "1 entry"
        );
        assert_eq!(value("a/4.1#actions", json!([1, 2])), "2 entries");
        assert_eq!(value("a/4.1#target", json!(4)), "4");
        assert_eq!(
            value("a/4.1#finding", json!("major-nonconformity")),
            "Major nonconformity"
        );
        assert_eq!(value("a/4.3#documented", json!(false)), "missing");
        assert_eq!(value("a/4.3#documented", json!(true)), "in place");
        assert_eq!(value("a/9.2.1#shared", json!(false)), "split");
        assert_eq!(
            describe_field(
                "assessment",
                "iso27001:2022/9.2.1#shared",
                &Catalogue::builtin()
            ),
            "ISO/IEC 27001:2022 9.2.1 · shared answer"
        );
        assert_eq!(value("$deleted", json!(true)), "deleted");
        assert_eq!(value("$deleted", json!(false)), "restored");
        assert_eq!(
            value("scale", json!("isms-maturity")),
            Scale::IsmsMaturity.name()
        );
        assert_eq!(
            value("frameworks", json!("iso27001")),
            FrameworkChoice::Iso27001.label()
        );
        assert_eq!(
            value("created_at", json!(1_764_028_800_000_i64)),
            "2025-11-25"
        );
        assert_eq!(value("scale", json!("unheard-of")), "“unheard-of”");
        assert_eq!(
            describe_value("profile", "scale", Some(&json!("x"))),
            "“x”",
            "only an assessment's settings are codes"
        );
        let long = "ä".repeat(100);
        let shown = value("title", json!(long));
        assert_eq!(shown.chars().count(), SHOWN_CHARS + 3, "{shown}");
        assert!(shown.ends_with("…”"));
    }
}
