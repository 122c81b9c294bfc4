//! A workspace's service-desk settings: one record holding how a ticket's priority follows from
//! its impact and urgency (ISO/IEC 20000-1 8.6.1 leaves the scheme to the organisation).

use serde_json::{Map, Value};

use super::priority::PriorityMatrix;
use crate::ids::RecordId;
use crate::typed::{FieldProblem, RecordType, field_as, only_fields};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeskSettings {
    pub priority_matrix: PriorityMatrix,
}

/// The id of the one settings record of each workspace.
pub fn desk_settings_id() -> RecordId {
    RecordId::parse("settings").expect("a valid id")
}

impl RecordType for DeskSettings {
    const KIND: &'static str = "desk_settings";
    const NOUN: &'static str = "Service desk settings";
    type Context = ();

    fn to_body(&self) -> Map<String, Value> {
        let mut body = Map::new();
        body.insert(
            "priority_matrix".into(),
            serde_json::to_value(&self.priority_matrix).expect("plain"),
        );
        body
    }

    /// A missing matrix reads as the default one.
    fn from_body(_: &RecordId, body: &Map<String, Value>, _: &()) -> Result<Self, FieldProblem> {
        only_fields(body, &["priority_matrix"])?;
        Ok(Self {
            priority_matrix: field_as(body, "priority_matrix")?.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::itsm::priority::{Level, Priority};

    #[test]
    fn settings_read_back_and_refuse_a_matrix_that_cannot_hold() {
        let p = |n| Priority::new(n).unwrap();
        let settings = DeskSettings {
            priority_matrix: PriorityMatrix::new([
                [p(1), p(1), p(2)],
                [p(2), p(3), p(3)],
                [p(3), p(4), p(5)],
            ])
            .unwrap(),
        };
        assert_eq!(DeskSettings::kind().as_str(), "desk_settings");
        let body = settings.to_body();
        assert_eq!(
            DeskSettings::from_body(&desk_settings_id(), &body, &()).unwrap(),
            settings
        );
        assert_eq!(
            settings
                .priority_matrix
                .priority(Level::High, Level::Medium),
            p(1)
        );
        let empty = Map::new();
        assert_eq!(
            DeskSettings::from_body(&desk_settings_id(), &empty, &()).unwrap(),
            DeskSettings::default()
        );
        let mut upside_down = Map::new();
        upside_down.insert(
            "priority_matrix".into(),
            json!([[5, 4, 3], [4, 3, 2], [3, 2, 1]]),
        );
        let refused = DeskSettings::from_body(&desk_settings_id(), &upside_down, &()).unwrap_err();
        assert_eq!(refused.0.as_deref(), Some("priority_matrix"));
        let mut unknown = Map::new();
        unknown.insert("theme".into(), json!("dark"));
        assert!(DeskSettings::from_body(&desk_settings_id(), &unknown, &()).is_err());
    }
}
