//! Settings → Sync: share the open workspace on a Praxis server or join one with an invite
//! code; once shared, its server, this device's role, the status, sync now, invites (owners),
//! the members, changes the server refused, and disconnecting.

use leptos::prelude::*;
use leptos::task::spawn_local;
use praxis_core::Role;
use praxis_core::sync::{CreateInvite, DeviceName, Members};
use praxis_sync::{ServerUrl, SyncStatus};

use crate::browser;
use crate::state::{Tone, use_app_state};
use crate::sync::connection::Connection;
use crate::sync::http::Link;
use crate::sync::hub::use_sync;

/// Reads the address and device name typed in a form, or says what is wrong with them.
fn parse_target(server: &str, device: &str) -> Result<(ServerUrl, DeviceName), String> {
    let server = ServerUrl::parse(server)?;
    let device = DeviceName::parse(device).map_err(|e| format!("Device name: {e}."))?;
    Ok((server, device))
}

#[component]
pub fn SyncPanel() -> impl IntoView {
    let sync = use_sync();
    // Only sharing or not rebuilds the panel: a round saving its cursor must not wipe a code
    // on screen.
    let shared = Memo::new(move |_| sync.connection.with(Option::is_some));
    view! {
        <section class="card" aria-labelledby="sync-title">
            <h2 id="sync-title">"Sync"</h2>
            {move || if shared.get() {
                view! { <Connected /> }.into_any()
            } else {
                view! { <NotConnected /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn NotConnected() -> impl IntoView {
    let state = use_app_state();
    let sync = use_sync();
    let server = RwSignal::new(String::new());
    let device = RwSignal::new("This browser".to_owned());
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let run = move |joining: bool| {
        if busy.get_untracked() {
            return;
        }
        let (url, name) = match parse_target(&server.get_untracked(), &device.get_untracked()) {
            Ok(parsed) => parsed,
            Err(problem) => return error.set(Some(problem)),
        };
        let typed_code = code.get_untracked();
        if joining && typed_code.trim().is_empty() {
            return error.set(Some("Enter the invite code you were given.".into()));
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let result = if joining {
                sync.join(state, url, typed_code.trim().to_owned(), name)
                    .await
            } else {
                sync.share(state, url, name).await
            };
            busy.set(false);
            match result {
                Ok(()) if joining => state.notify(
                    Tone::Success,
                    "Joined: the workspace is filling in as it syncs.",
                ),
                Ok(()) => {
                    state.notify(Tone::Success, "Shared: the workspace is on the server now.")
                }
                Err(problem) => error.set(Some(problem)),
            }
        });
    };
    let workspace_name = move || {
        state
            .current_workspace()
            .map(|w| w.name.as_str().to_owned())
            .unwrap_or_default()
    };

    view! {
        <p>
            "Everything stays in this browser until you connect it to a Praxis server your team runs. "
            "Then edits made apart, even offline, merge when each device reaches the server."
        </p>
        <div class="field">
            <label for="sync-server">"Server address"</label>
            <input id="sync-server" type="text" inputmode="url" autocomplete="url"
                placeholder="https://praxis.example.org/" bind:value=server
                aria-describedby="sync-error" />
        </div>
        <div class="field">
            <label for="sync-device">"This device's name"</label>
            <input id="sync-device" type="text" bind:value=device aria-describedby="sync-error" />
        </div>
        <p id="sync-error" class="field-error" role="alert">{move || error.get()}</p>
        {move || state.current.with(Option::is_some).then(|| view! {
            <div class="button-row">
                <button type="button" class="primary" disabled=move || busy.get()
                    on:click=move |_| run(false)>
                    {move || format!("Share “{}” on this server", workspace_name())}
                </button>
            </div>
        })}
        <h3>"Join a shared workspace"</h3>
        <div class="field">
            <label for="sync-code">"Invite code"</label>
            <input id="sync-code" type="text" autocomplete="off" spellcheck="false"
                placeholder="ABCDE-FGHIJ-…" bind:value=code aria-describedby="sync-error" />
        </div>
        <div class="button-row">
            <button type="button" disabled=move || busy.get() on:click=move |_| run(true)>
                "Join with this code"
            </button>
        </div>
    }
}

#[component]
fn Connected() -> impl IntoView {
    let state = use_app_state();
    let sync = use_sync();
    let connection = move || sync.connection.get();
    let link = move || {
        let connection = sync.connection.get_untracked()?;
        Some(Link {
            server: connection.server,
            workspace: state.current.get_untracked()?,
            token: connection.token,
        })
    };
    // Grows after each change to the members, to read them again.
    let members_version = RwSignal::new(0u32);
    let member_error = RwSignal::new(None::<String>);
    // Each finished round reads the members again (a role may have changed meanwhile).
    let rounds_done = Memo::new(move |done: Option<&u32>| {
        let done = done.copied().unwrap_or(0);
        if matches!(sync.status.get(), SyncStatus::Syncing { .. }) {
            done
        } else {
            done + 1
        }
    });
    let members = LocalResource::new(move || {
        let _ = rounds_done.get();
        let _ = members_version.get();
        async move {
            let link = link().ok_or("Not connected.")?;
            let answer = link.members().await.map_err(|e| e.to_string())?;
            // This device's role as the server has it now.
            let role = answer
                .members
                .iter()
                .find(|m| m.id == answer.you)
                .map(|m| m.role);
            if let Some(mut connection) = sync.connection.get_untracked()
                && role.is_some_and(|role| role != connection.role)
            {
                connection.role = role.expect("checked");
                crate::sync::connection::save(&link.workspace, &connection);
                sync.connection.set(Some(connection));
            }
            Ok::<_, String>(answer)
        }
    });
    let invite_role = RwSignal::new("editor".to_owned());
    let invite = RwSignal::new(None::<Result<String, String>>);
    let make_invite = move |_| {
        let role = Role::parse(&invite_role.get_untracked()).unwrap_or(Role::Editor);
        let Some(link) = link() else { return };
        spawn_local(async move {
            let answer = link.invite(&CreateInvite { role, hours: 72 }).await;
            invite.set(Some(answer.map(|i| i.code).map_err(|e| e.to_string())));
        });
    };
    let disconnect = move |_| {
        let Some(workspace) = state.current.get_untracked() else {
            return;
        };
        if browser::confirm(
            "Disconnect this workspace from the server? Its data stays in this browser; \
             changes made here are not shared again until you join it anew.",
        ) {
            sync.disconnect(&workspace);
            state.notify(
                Tone::Success,
                "Disconnected: the workspace stays in this browser.",
            );
        }
    };
    let dismiss_refused = move |_| {
        let Some(workspace) = state.current.get_untracked() else {
            return;
        };
        if let Some(mut connection) = sync.connection.get_untracked() {
            connection.refused.clear();
            crate::sync::connection::save(&workspace, &connection);
            sync.connection.set(Some(connection));
        }
    };
    let is_owner = move || connection().is_some_and(|c| c.role == Role::Owner);
    let change_member = move |member: String, role: Option<Role>| {
        let Some(link) = link() else { return };
        spawn_local(async move {
            let result = match role {
                Some(role) => link.set_role(&member, role).await.map(|_| ()),
                None => link.revoke_member(&member).await,
            };
            member_error.set(result.err().map(|e| e.to_string()));
            members_version.update(|v| *v += 1);
        });
    };
    let revoke_device = move |device: String| {
        let Some(link) = link() else { return };
        spawn_local(async move {
            let result = link.revoke_device(&device).await;
            member_error.set(result.err().map(|e| e.to_string()));
            members_version.update(|v| *v += 1);
        });
    };
    let this_device = move || connection().map(|c| c.device_id).unwrap_or_default();
    let device_list = move |devices: Vec<praxis_core::sync::DeviceInfo>, may_revoke: bool| {
        let items = devices.into_iter().filter(|d| !d.revoked).map(|d| {
            let here = d.id == this_device();
            let seen = d.last_seen_at.map(browser::format_time).unwrap_or_else(|| "never".into());
            let (id, name) = (d.id.clone(), d.name.clone());
            view! {
                <li>
                    {format!("{}{} · last seen {seen}", d.name, if here { " (this device)" } else { "" })}
                    {(may_revoke && !here).then(|| view! {
                        " "
                        <button type="button" class="link-button" on:click=move |_| {
                            if browser::confirm(&format!(
                                "Revoke “{name}”? It stops syncing at once; what it shared stays."
                            )) {
                                revoke_device(id.clone());
                            }
                        }>{format!("Revoke {}…", d.name)}</button>
                    })}
                </li>
            }
        });
        view! { <ul class="devices">{items.collect_view()}</ul> }
    };
    let member_row = move |m: praxis_core::sync::Member, you: bool| {
        let name = m.name.clone();
        let manage = is_owner() && !you;
        let devices = device_list(m.devices.clone(), is_owner() || you);
        let (for_role, for_remove) = (m.id.clone(), m.id.clone());
        view! {
            <li>
                {if manage {
                    m.name.clone()
                } else {
                    format!("{}{} — {}", m.name, if you { " (you)" } else { "" }, m.role.as_str())
                }}
                {manage.then(|| view! {
                    " "
                    <select class="inline-select" aria-label=format!("Role of {name}") on:change=move |ev| {
                        let picked = event_target_value(&ev);
                        let role = Role::parse(&picked);
                        change_member(for_role.clone(), role);
                    }>
                        {Role::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=r == m.role>{r.as_str()}</option>
                        }).collect_view()}
                    </select>
                    " "
                    <button type="button" class="link-button" on:click={
                        let name = name.clone();
                        move |_| {
                            if browser::confirm(&format!(
                                "Remove {name} from this workspace? Every device of theirs loses access at once; what they shared stays."
                            )) {
                                change_member(for_remove.clone(), None);
                            }
                        }
                    }>{format!("Remove {name}…")}</button>
                })}
                {devices}
            </li>
        }
    };

    view! {
        {move || connection().map(|c| view! {
            <p data-testid="sync-connection">
                "Shared on " <strong>{c.server.to_string()}</strong>
                ". You are " {c.role.as_str()} " here."
            </p>
            {c.server.is_insecure().then(|| view! {
                <p class="field-error">"This address is not https://: the device's token and the workspace travel unencrypted."</p>
            })}
        })}
        <p data-testid="sync-status">{move || sync.status.get().label()}</p>
        <div class="button-row">
            <button type="button" class="primary" on:click=move |_| sync.sync_now(state)>"Sync now"</button>
            <button type="button" class="danger" on:click=disconnect>"Disconnect…"</button>
        </div>
        {move || connection().filter(|c| !c.refused.is_empty()).map(|c| view! {
            <h3>"Not shared"</h3>
            <p>"The server refused these changes; they are kept in this browser only."</p>
            <ul data-testid="sync-refused">
                {c.refused.iter().map(|r| view! {
                    <li>
                        <strong>{format!("{} {} · {}", r.change.kind, r.change.record_id, r.change.field)}</strong>
                        ": " {r.reason.clone()}
                    </li>
                }).collect_view()}
            </ul>
            <button type="button" on:click=dismiss_refused>"Dismiss"</button>
        })}
        <h3>"Members"</h3>
        {move || members.get().map(|answer| match answer {
            Ok(Members { members, you }) => view! {
                <ul data-testid="sync-members">
                    {members.into_iter().filter(|m| !m.revoked).map(|m| {
                        let is_you = m.id == you;
                        member_row(m, is_you)
                    }).collect_view()}
                </ul>
            }.into_any(),
            Err(problem) => view! { <p>{format!("The members could not be read: {problem}")}</p> }.into_any(),
        })}
        <p class="field-error" role="alert">{move || member_error.get()}</p>
        {move || connection().filter(Connection::read_only).map(|_| view! {
            <p>"You can read and export this workspace; its pages offer no edits. Anything changed here before you became a viewer stays in this browser only: the server refused it, and it is listed above."</p>
        })}
        {move || is_owner().then(|| view! {
            <h3>"Invite someone"</h3>
            <div class="field">
                <label for="invite-role">"Their role"</label>
                <select id="invite-role" on:change=move |ev| invite_role.set(event_target_value(&ev))>
                    <option value="editor" selected>"Editor: edits"</option>
                    <option value="approver">"Approver: edits and approves"</option>
                    <option value="viewer">"Viewer: reads only"</option>
                    <option value="owner">"Owner: everything, and members"</option>
                </select>
            </div>
            <button type="button" on:click=make_invite>"Make an invite code"</button>
            {move || invite.get().map(|answer| match answer {
                Ok(code) => view! {
                    <p>"Give this code to the person (it works once, for 3 days): "
                        <code data-testid="invite-code">{code}</code></p>
                }.into_any(),
                Err(problem) => view! { <p class="field-error" role="alert">{problem}</p> }.into_any(),
            })}
        })}
    }
}
