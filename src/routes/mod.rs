//! One file per page.

use leptos::prelude::*;
use praxis_core::WorkspaceId;

use crate::state::{AppState, use_app_state};

pub mod action;
pub mod actions;
pub mod agreement;
pub mod agreements;
pub mod assessment;
pub mod assessments;
pub mod audits;
pub mod change;
pub mod change_calendar;
pub mod changes;
pub mod continuity;
pub mod continuity_plan;
pub mod contract;
pub mod contracts;
pub mod dashboard;
pub mod document;
pub mod documents;
pub mod due;
pub mod item;
pub mod items;
pub mod nonconformities;
pub mod nonconformity;
pub mod not_found;
pub mod objective;
pub mod objectives;
pub mod problem;
pub mod problems;
pub mod registers;
pub mod release;
pub mod releases;
pub mod report;
pub mod risk;
pub mod risks;
pub mod service;
pub mod services;
pub mod settings;
pub mod soa;
pub mod soa_version;
pub mod supplier;
pub mod suppliers;
pub mod ticket;
pub mod ticket_import;
pub mod tickets;
pub mod workflows;
pub mod workshop;

/// A register's records for the open workspace, read by `list` and read again whenever a
/// record of one of `kinds` changes: one resource type per register, shared by its pages.
pub fn use_register<L, F>(
    kinds: &'static [&'static str],
    list: fn(AppState, WorkspaceId) -> F,
) -> LocalResource<Result<L, String>>
where
    L: 'static,
    F: Future<Output = Result<L, String>> + 'static,
{
    let state = use_app_state();
    let revisions: Vec<Memo<u64>> = kinds
        .iter()
        .map(|k| state.kind_revision(Some(*k)))
        .collect();
    LocalResource::new(move || {
        revisions.iter().for_each(Track::track);
        let workspace = state.current.get();
        async move {
            match workspace {
                Some(workspace) => list(state, workspace).await,
                None => Err("Open a workspace first.".to_owned()),
            }
        }
    })
}

/// Where the page of a record of `kind` is, by kind: `None` for kinds without a page of their
/// own (settings, the workspace's fields).
pub fn record_path(kind: &str, id: &praxis_core::RecordId) -> Option<String> {
    let list = match kind {
        "risk" => "/risks",
        "action" => "/actions",
        "document" => "/documents",
        "objective" => "/objectives",
        "change_request" => "/changes",
        "problem" => "/problems",
        "ticket" => "/tickets",
        "release" => "/releases",
        "service" => "/services",
        "agreement" => "/agreements",
        "supplier" => "/suppliers",
        "contract" => "/contracts",
        "continuity_plan" => "/continuity",
        "config_item" => "/items",
        "assessment" => "/assessments",
        "soa" => "/soa",
        "nonconformity" => "/nonconformities",
        _ => return None,
    };
    Some(format!("{list}/{id}"))
}
