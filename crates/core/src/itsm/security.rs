//! Information security incidents (ISO/IEC 20000-1 8.7.3.3; ISO/IEC 27001 A.5.24–A.5.28): what
//! an incident flagged as one adds — its classification, when it was detected, the
//! notifications owed from that moment (a regulator, customers), evidence with its chain of
//! custody, and the lessons learned. Notifications, evidence and handovers are one field each
//! ([`super::entries`]), so entries added on two devices apart are all kept.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::duration::format_span_ms;
use super::entries::{entry_field, read_entries, write_entries};
use super::sla::AT_RISK_DIVISOR;
use super::too_long;
use crate::ids::RecordId;
use crate::typed::{FieldProblem, field_as, field_problem};

/// Longest name, recipient, reference or place.
pub const NAME_MAX_CHARS: usize = 200;
/// Longest description of an evidence item or purpose of a handover.
pub const ITEM_MAX_CHARS: usize = 1_000;
/// Longest notification window: a year.
pub const MAX_WINDOW_MINUTES: u32 = 366 * 24 * 60;

pub const NOTIFICATIONS: &str = "notify";
pub const EVIDENCE: &str = "evidence";
pub const HANDOVERS: &str = "custody";
/// The plain fields this part of a ticket adds.
pub const FIELDS: &[&str] = &[
    "category",
    "affects_confidentiality",
    "affects_integrity",
    "affects_availability",
    "personal_data",
    "detected_at",
    "lessons",
];

/// What kind of security incident it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    UnauthorisedAccess,
    Malware,
    Disclosure,
    Phishing,
    LossOrTheft,
    DenialOfService,
    Misconfiguration,
    Other,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Self::UnauthorisedAccess,
        Self::Malware,
        Self::Disclosure,
        Self::Phishing,
        Self::LossOrTheft,
        Self::DenialOfService,
        Self::Misconfiguration,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnauthorisedAccess => "unauthorised-access",
            Self::Malware => "malware",
            Self::Disclosure => "disclosure",
            Self::Phishing => "phishing",
            Self::LossOrTheft => "loss-or-theft",
            Self::DenialOfService => "denial-of-service",
            Self::Misconfiguration => "misconfiguration",
            Self::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::UnauthorisedAccess => "Unauthorised access",
            Self::Malware => "Malware",
            Self::Disclosure => "Data disclosed or leaked",
            Self::Phishing => "Phishing or social engineering",
            Self::LossOrTheft => "Lost or stolen device or media",
            Self::DenialOfService => "Denial of service",
            Self::Misconfiguration => "Misconfiguration",
            Self::Other => "Other",
        }
    }
}

/// Who is owed a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    Regulator,
    Customers,
    Other,
}

impl Party {
    pub const ALL: [Party; 3] = [Self::Regulator, Self::Customers, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Regulator => "regulator",
            Self::Customers => "customers",
            Self::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Regulator => "Regulator or authority",
            Self::Customers => "Customers",
            Self::Other => "Other party",
        }
    }
}

/// A notification owed: to whom, within how long of detection, and when it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notification {
    pub party: Party,
    /// Who exactly ("Data protection authority", "Customers of the payroll service").
    pub recipient: String,
    /// The window from detection, in minutes of wall-clock time (deadlines do not keep
    /// service hours).
    pub within_minutes: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified_at: Option<i64>,
    /// The authority's case number, the message sent…
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reference: String,
}

/// Where a notification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeStatus {
    /// Made; `late_ms` after its deadline (0: in time).
    Made {
        late_ms: i64,
    },
    Overdue {
        by_ms: i64,
    },
    /// Not made, with at most a quarter of its window left.
    DueSoon {
        left_ms: i64,
    },
    Due {
        left_ms: i64,
    },
}

impl NoticeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Made { late_ms: 0 } => "made",
            Self::Made { .. } => "made-late",
            Self::Overdue { .. } => "overdue",
            Self::DueSoon { .. } => "due-soon",
            Self::Due { .. } => "due",
        }
    }

    /// In words: "Overdue by 2 h", "Due in 3 h 15 min", "Made in time".
    pub fn summary(self) -> String {
        match self {
            Self::Made { late_ms: 0 } => "Made in time".to_owned(),
            Self::Made { late_ms } => format!("Made {} late", format_span_ms(late_ms)),
            Self::Overdue { by_ms } => format!("Overdue by {}", format_span_ms(by_ms)),
            Self::DueSoon { left_ms } | Self::Due { left_ms } => {
                format!("Due in {}", format_span_ms(left_ms))
            }
        }
    }

    /// Most urgent first: overdue, due soon, due, then made.
    pub fn urgency_key(self) -> (u8, i64) {
        match self {
            Self::Overdue { by_ms } => (0, -by_ms),
            Self::DueSoon { left_ms } => (1, left_ms),
            Self::Due { left_ms } => (2, left_ms),
            Self::Made { .. } => (3, 0),
        }
    }

    pub fn is_open(self) -> bool {
        !matches!(self, Self::Made { .. })
    }
}

impl Notification {
    /// A notification as typed: refused with the reason when it cannot hold.
    pub fn new(party: Party, recipient: &str, within_minutes: u32) -> Result<Self, String> {
        let notification = Self {
            party,
            recipient: recipient.trim().to_owned(),
            within_minutes,
            notified_at: None,
            reference: String::new(),
        };
        notification.problem().map_or(Ok(notification), Err)
    }

    pub fn deadline(&self, detected_at: i64) -> i64 {
        detected_at.saturating_add(i64::from(self.within_minutes) * 60_000)
    }

    pub fn status(&self, detected_at: i64, now: i64) -> NoticeStatus {
        let deadline = self.deadline(detected_at);
        match self.notified_at {
            Some(at) => NoticeStatus::Made {
                late_ms: (at - deadline).max(0),
            },
            None if now > deadline => NoticeStatus::Overdue {
                by_ms: now - deadline,
            },
            None => {
                let left_ms = deadline - now;
                let window = i64::from(self.within_minutes) * 60_000;
                if left_ms * AT_RISK_DIVISOR <= window {
                    NoticeStatus::DueSoon { left_ms }
                } else {
                    NoticeStatus::Due { left_ms }
                }
            }
        }
    }

    fn problem(&self) -> Option<String> {
        if self.recipient.is_empty() {
            return Some("A notification needs the name of who is to be notified.".to_owned());
        }
        if self.within_minutes == 0 || self.within_minutes > MAX_WINDOW_MINUTES {
            return Some(
                "A notification is due within a time from detection: more than none, at most a year."
                    .to_owned(),
            );
        }
        if self.notified_at.is_some_and(|at| at < 0) {
            return Some("The time the notification was made is not valid.".to_owned());
        }
        named_length(&[
            ("recipient", &self.recipient, NAME_MAX_CHARS),
            ("reference", &self.reference, NAME_MAX_CHARS),
        ])
    }
}

/// A piece of evidence: what it is, who collected it when, where it is kept, and its
/// SHA-256 when it is a file or an image of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub item: String,
    pub collected_by: String,
    pub collected_at: i64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sha256: String,
}

impl Evidence {
    /// Evidence as typed (a hash in either case, stored lower-case): refused with the reason
    /// when it cannot hold.
    pub fn new(
        item: &str,
        collected_by: &str,
        collected_at: i64,
        location: &str,
        sha256: &str,
    ) -> Result<Self, String> {
        let evidence = Self {
            item: item.trim().to_owned(),
            collected_by: collected_by.trim().to_owned(),
            collected_at,
            location: location.trim().to_owned(),
            sha256: sha256.trim().to_lowercase(),
        };
        evidence.problem().map_or(Ok(evidence), Err)
    }

    fn problem(&self) -> Option<String> {
        if self.item.is_empty() {
            return Some("Evidence needs a description of what it is.".to_owned());
        }
        if self.collected_by.is_empty() {
            return Some("Evidence needs the name of who collected it.".to_owned());
        }
        if self.collected_at < 0 {
            return Some("The time the evidence was collected is not valid.".to_owned());
        }
        let hex = |c: char| c.is_ascii_digit() || ('a'..='f').contains(&c);
        if !self.sha256.is_empty() && (self.sha256.len() != 64 || !self.sha256.chars().all(hex)) {
            return Some(format!(
                "A SHA-256 is 64 hexadecimal characters (this has {}).",
                self.sha256.chars().count()
            ));
        }
        named_length(&[
            ("item", &self.item, ITEM_MAX_CHARS),
            ("collector's name", &self.collected_by, NAME_MAX_CHARS),
            ("place", &self.location, NAME_MAX_CHARS),
        ])
    }
}

/// One link of the chain of custody: evidence passed from one person to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handover {
    pub evidence: RecordId,
    pub at: i64,
    pub from: String,
    pub to: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub purpose: String,
}

impl Handover {
    pub fn new(evidence: RecordId, at: i64, from: &str, to: &str, purpose: &str) -> Self {
        Self {
            evidence,
            at,
            from: from.trim().to_owned(),
            to: to.trim().to_owned(),
            purpose: purpose.trim().to_owned(),
        }
    }

    fn problem(&self) -> Option<String> {
        if self.from.is_empty() || self.to.is_empty() {
            return Some(
                "A handover needs who passed the evidence on and who received it.".to_owned(),
            );
        }
        if self.at < 0 {
            return Some("The time of the handover is not valid.".to_owned());
        }
        named_length(&[
            ("giver's name", &self.from, NAME_MAX_CHARS),
            ("receiver's name", &self.to, NAME_MAX_CHARS),
            ("purpose", &self.purpose, ITEM_MAX_CHARS),
        ])
    }
}

fn named_length(texts: &[(&str, &str, usize)]) -> Option<String> {
    texts.iter().find_map(|(name, text, max)| {
        too_long(name, text, *max).map(|(_, problem)| format!("The {name} {problem}"))
    })
}

/// What a security incident adds to an incident. Kept when the flag is taken off (the record
/// of evidence handled is not thrown away by a click), shown again when it is put back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecurityDetails {
    pub category: Option<Category>,
    pub confidentiality: bool,
    pub integrity: bool,
    pub availability: bool,
    /// Personal data was involved (a breach a data protection authority may need to hear of).
    pub personal_data: bool,
    /// When it was detected (Unix ms); notification deadlines count from here. `None`: when
    /// the ticket was logged.
    pub detected_at: Option<i64>,
    pub notifications: BTreeMap<RecordId, Notification>,
    pub evidence: BTreeMap<RecordId, Evidence>,
    pub handovers: BTreeMap<RecordId, Handover>,
    pub lessons: String,
}

impl SecurityDetails {
    /// Whether `field` is one this part of a ticket stores.
    pub fn owns(field: &str) -> bool {
        use super::entries::is_entry;
        FIELDS.contains(&field)
            || [NOTIFICATIONS, EVIDENCE, HANDOVERS]
                .iter()
                .any(|name| is_entry(field, name))
    }

    pub fn read(body: &Map<String, Value>) -> Result<Self, FieldProblem> {
        let flag = |field: &str| -> Result<bool, FieldProblem> {
            Ok(field_as::<bool>(body, field)?.unwrap_or(false))
        };
        let category = field_as::<String>(body, "category")?
            .map(|c| {
                Category::parse(&c)
                    .ok_or_else(|| field_problem("category", format!("no such category: {c:?}")))
            })
            .transpose()?;
        let details = Self {
            category,
            confidentiality: flag("affects_confidentiality")?,
            integrity: flag("affects_integrity")?,
            availability: flag("affects_availability")?,
            personal_data: flag("personal_data")?,
            detected_at: field_as(body, "detected_at")?,
            notifications: read_entries(body, NOTIFICATIONS)?,
            evidence: read_entries(body, EVIDENCE)?,
            handovers: read_entries(body, HANDOVERS)?,
            lessons: field_as::<String>(body, "lessons")?.unwrap_or_default(),
        };
        details.check()?;
        Ok(details)
    }

    pub fn write(&self, body: &mut Map<String, Value>) {
        if let Some(category) = self.category {
            body.insert("category".into(), Value::from(category.as_str()));
        }
        for (field, set) in [
            ("affects_confidentiality", self.confidentiality),
            ("affects_integrity", self.integrity),
            ("affects_availability", self.availability),
            ("personal_data", self.personal_data),
        ] {
            if set {
                body.insert(field.into(), Value::Bool(true));
            }
        }
        if let Some(at) = self.detected_at {
            body.insert("detected_at".into(), Value::from(at));
        }
        if !self.lessons.is_empty() {
            body.insert("lessons".into(), Value::from(self.lessons.clone()));
        }
        write_entries(body, NOTIFICATIONS, &self.notifications);
        write_entries(body, EVIDENCE, &self.evidence);
        write_entries(body, HANDOVERS, &self.handovers);
    }

    /// The rules each part keeps on its own; the field at fault and why.
    pub fn check(&self) -> Result<(), FieldProblem> {
        if self.detected_at.is_some_and(|at| at < 0) {
            return Err(field_problem(
                "detected_at",
                "The time of detection is not valid.",
            ));
        }
        if let Some(problem) = too_long("lessons", &self.lessons, super::ticket::TEXT_MAX_CHARS) {
            return Err(problem);
        }
        let entry_problem = |name: &str, id: &RecordId, problem: Option<String>| {
            problem.map_or(Ok(()), |p| Err(field_problem(&entry_field(name, id), p)))
        };
        for (id, n) in &self.notifications {
            entry_problem(NOTIFICATIONS, id, n.problem())?;
        }
        for (id, e) in &self.evidence {
            entry_problem(EVIDENCE, id, e.problem())?;
        }
        for (id, h) in &self.handovers {
            entry_problem(HANDOVERS, id, h.problem())?;
            // Evidence is never removed, so a handover of evidence not listed is not from us.
            if !self.evidence.contains_key(&h.evidence) {
                entry_problem(
                    HANDOVERS,
                    id,
                    Some("it hands over evidence that is not listed".to_owned()),
                )?;
            }
        }
        Ok(())
    }

    /// What resolving (`resolved`) and closing (`closed`) a security incident needs: its
    /// classification, then its lessons and every notification made.
    pub fn guard(&self, resolved: bool, closed: bool) -> Result<(), FieldProblem> {
        if resolved && self.category.is_none() {
            return Err(field_problem(
                "category",
                "A security incident needs its classification before it is resolved.",
            ));
        }
        if !closed {
            return Ok(());
        }
        if self.lessons.trim().is_empty() {
            return Err(field_problem(
                "lessons",
                "A security incident cannot close before its lessons learned are written.",
            ));
        }
        match self
            .notifications
            .iter()
            .find(|(_, n)| n.notified_at.is_none())
        {
            Some((id, n)) => Err(field_problem(
                &entry_field(NOTIFICATIONS, id),
                format!(
                    "A security incident cannot close before its notification to {} is made.",
                    n.recipient
                ),
            )),
            None => Ok(()),
        }
    }

    /// Records notification `id` as made at `at`: refused when it is not listed, already made,
    /// or dated before the detection (`logged_at` stands in for an unrecorded one).
    pub fn record_made(
        &mut self,
        id: &RecordId,
        at: i64,
        reference: &str,
        logged_at: i64,
    ) -> Result<(), String> {
        let detected = self.detected(logged_at);
        let listed = self
            .notifications
            .get_mut(id)
            .ok_or("This notification is no longer listed.")?;
        if listed.notified_at.is_some() {
            return Err("This notification was already recorded as made.".to_owned());
        }
        if at < detected {
            return Err(
                "A notification cannot be made before the incident was detected.".to_owned(),
            );
        }
        let made = Notification {
            notified_at: Some(at),
            reference: reference.trim().to_owned(),
            ..listed.clone()
        };
        if let Some(problem) = made.problem() {
            return Err(problem);
        }
        *listed = made;
        Ok(())
    }

    /// When the incident was detected: as recorded, else when it was logged.
    pub fn detected(&self, logged_at: i64) -> i64 {
        self.detected_at.unwrap_or(logged_at)
    }

    /// Notifications not made yet, with their status at `now`, most urgent first.
    pub fn outstanding(
        &self,
        logged_at: i64,
        now: i64,
    ) -> Vec<(&RecordId, &Notification, NoticeStatus)> {
        let detected = self.detected(logged_at);
        let mut open: Vec<_> = self
            .notifications
            .iter()
            .map(|(id, n)| (id, n, n.status(detected, now)))
            .filter(|(_, _, status)| status.is_open())
            .collect();
        open.sort_by_key(|(id, _, status)| (status.urgency_key(), (*id).clone()));
        open
    }

    /// The handovers of one piece of evidence, in order (ties by id, the same everywhere).
    pub fn chain(&self, evidence: &RecordId) -> Vec<(&RecordId, &Handover)> {
        let mut chain: Vec<_> = self
            .handovers
            .iter()
            .filter(|(_, h)| &h.evidence == evidence)
            .collect();
        chain.sort_by(|a, b| a.1.at.cmp(&b.1.at).then_with(|| a.0.cmp(b.0)));
        chain
    }

    /// Who holds the evidence now: the last receiver, else its collector.
    pub fn holder(&self, evidence: &RecordId) -> Option<&str> {
        let collector = self.evidence.get(evidence)?.collected_by.as_str();
        Some(
            self.chain(evidence)
                .last()
                .map_or(collector, |(_, h)| h.to.as_str()),
        )
    }

    /// Links a handover to the chain: refused unless it is given by the present holder, after
    /// the last link (or the collection), to someone else.
    pub fn hand_over(&mut self, id: RecordId, handover: Handover) -> Result<(), String> {
        if let Some(problem) = handover.problem() {
            return Err(problem);
        }
        let item = self
            .evidence
            .get(&handover.evidence)
            .ok_or("This evidence is not listed on the incident.")?;
        let holder = self.holder(&handover.evidence).unwrap_or_default();
        if handover.from != holder {
            return Err(format!(
                "The evidence is held by {holder}: only they can hand it over."
            ));
        }
        if handover.to == holder {
            return Err(format!("{holder} already holds the evidence."));
        }
        let since = self
            .chain(&handover.evidence)
            .last()
            .map_or(item.collected_at, |(_, h)| h.at);
        if handover.at < since {
            return Err(
                "A handover cannot be dated before the evidence reached its present holder."
                    .to_owned(),
            );
        }
        self.handovers.insert(id, handover);
        Ok(())
    }
}
