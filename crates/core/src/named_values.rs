//! Values stored as names ("in-treatment", "minor"), in the words the app shows them with ("In
//! treatment", "Minor"): what a record's history and the recent changes say a field became,
//! and the state a step moved a record to.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::isms::action::{Action, ActionStatus};
use crate::isms::document::{Document, Form};
use crate::isms::nonconformity::{Grade, NcState, Nonconformity, Source};
use crate::isms::objective::{Direction, Objective, ObjectiveStatus, System};
use crate::isms::risk::{Risk, RiskState, Treatment};
use crate::itsm::agreement::{Agreement, AgreementKind};
use crate::itsm::change_request::{ChangeRequest, ChangeState, ChangeType};
use crate::itsm::config_item::{Classification, ConfigItem, ItemStatus, ItemType};
use crate::itsm::continuity::{ContinuityPlan, PlanStatus};
use crate::itsm::contract::{Contract, DataProcessing};
use crate::itsm::priority::Level;
use crate::itsm::problem::{Problem, ProblemState};
use crate::itsm::release::{Release, ReleaseState};
use crate::itsm::security::Category;
use crate::itsm::service::{Service, ServiceStatus};
use crate::itsm::supplier::{Criticality, Supplier, SupplierStatus, SupplierType};
use crate::itsm::ticket::{Ticket, TicketState, TicketType};
use crate::itsm::workflow::Lifecycle;
use crate::typed::RecordType;

/// The label of `name` in field `field` of a record of kind `kind`, when that field holds one
/// of a set of names and `name` is one of them.
pub fn label_of(kind: &str, field: &str, name: &str) -> Option<&'static str> {
    if field == "state" {
        return state_label(kind, name);
    }
    let options: &[(&str, &str)] = match (kind, field) {
        (k, "treatment") if k == Risk::KIND => Treatment::OPTIONS,
        (k, "status") if k == Action::KIND => ActionStatus::OPTIONS,
        (k, "source") if k == Nonconformity::KIND => Source::OPTIONS,
        (k, "grade") if k == Nonconformity::KIND => Grade::OPTIONS,
        (k, "system") if k == Objective::KIND => System::OPTIONS,
        (k, "direction") if k == Objective::KIND => Direction::OPTIONS,
        (k, "status") if k == Objective::KIND => ObjectiveStatus::OPTIONS,
        (k, "form") if k == Document::KIND => Form::OPTIONS,
        (k, "type") if k == ConfigItem::KIND => ItemType::OPTIONS,
        (k, "status") if k == ConfigItem::KIND => ItemStatus::OPTIONS,
        (k, "classification") if k == ConfigItem::KIND => Classification::OPTIONS,
        (k, "status") if k == ContinuityPlan::KIND => PlanStatus::OPTIONS,
        (k, "type") if k == Supplier::KIND => SupplierType::OPTIONS,
        (k, "criticality") if k == Supplier::KIND => Criticality::OPTIONS,
        (k, "status") if k == Supplier::KIND => SupplierStatus::OPTIONS,
        (k, "data_processing") if k == Contract::KIND => DataProcessing::OPTIONS,
        _ => return other_label(kind, field, name),
    };
    options
        .iter()
        .find(|(stored, _)| *stored == name)
        .map(|(_, label)| *label)
}

/// The names of the kinds not declared with `named!`.
fn other_label(kind: &str, field: &str, name: &str) -> Option<&'static str> {
    match (kind, field) {
        (k, "type") if k == Ticket::KIND => TicketType::parse(name).map(TicketType::label),
        (k, "impact" | "urgency") if k == Ticket::KIND => Level::parse(name).map(Level::label),
        (k, "category") if k == Ticket::KIND => Category::parse(name).map(Category::label),
        (k, "type") if k == ChangeRequest::KIND => ChangeType::parse(name).map(ChangeType::label),
        (k, "risk") if k == ChangeRequest::KIND => Level::parse(name).map(Level::label),
        (k, "status") if k == Service::KIND => ServiceStatus::parse(name).map(ServiceStatus::label),
        (k, "kind") if k == Agreement::KIND => {
            read::<AgreementKind>(name).map(AgreementKind::label)
        }
        _ => None,
    }
}

fn read<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(Value::String(name.to_owned())).ok()
}

/// The label of state `name` in the life cycle of kind `kind`.
pub fn state_label(kind: &str, name: &str) -> Option<&'static str> {
    fn of<S: Lifecycle>(name: &str) -> Option<&'static str> {
        S::parse(name).map(S::label)
    }
    match kind {
        k if k == Risk::KIND => of::<RiskState>(name),
        k if k == Nonconformity::KIND => of::<NcState>(name),
        k if k == Ticket::KIND => of::<TicketState>(name),
        k if k == Problem::KIND => of::<ProblemState>(name),
        k if k == ChangeRequest::KIND => of::<ChangeState>(name),
        k if k == Release::KIND => of::<ReleaseState>(name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_their_labels_and_other_text_does_not() {
        assert_eq!(
            label_of("risk", "treatment", "modify"),
            Some(Treatment::Modify.label())
        );
        assert_eq!(
            label_of("risk", "state", "in-treatment"),
            Some("In treatment")
        );
        assert_eq!(
            label_of("nonconformity", "grade", "minor"),
            Some(Grade::Minor.label())
        );
        assert_eq!(
            label_of("ticket", "type", "incident"),
            Some(TicketType::Incident.label())
        );
        assert_eq!(label_of("ticket", "impact", "high"), Some("High"));
        assert_eq!(
            label_of("service", "status", "live"),
            Some(ServiceStatus::Live.label())
        );
        assert_eq!(
            label_of("agreement", "kind", "sla"),
            Some("Service level agreement")
        );
        assert_eq!(
            label_of("risk", "treatment", "bribe"),
            None,
            "not one of its names"
        );
        assert_eq!(label_of("risk", "title", "modify"), None, "a text field");
        assert_eq!(
            label_of("service", "treatment", "modify"),
            None,
            "another kind's field"
        );
        assert_eq!(state_label("evidence_file", "closed"), None);
    }

    fn names_every_state<S: Lifecycle>(kind: &str) {
        for state in S::ALL {
            assert_eq!(
                label_of(kind, "state", state.as_str()),
                Some(state.label()),
                "{kind} {state:?}"
            );
        }
    }

    #[test]
    fn every_kind_with_a_life_cycle_names_its_states() {
        names_every_state::<RiskState>(Risk::KIND);
        names_every_state::<NcState>(Nonconformity::KIND);
        names_every_state::<TicketState>(Ticket::KIND);
        names_every_state::<ProblemState>(Problem::KIND);
        names_every_state::<ChangeState>(ChangeRequest::KIND);
        names_every_state::<ReleaseState>(Release::KIND);
    }
}
