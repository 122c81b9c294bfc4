//! Typed confirmation before deleting a workspace: the user types its name, and is offered a
//! backup first, because a deletion cannot be undone.

use leptos::prelude::*;

#[component]
pub fn ConfirmDelete(
    /// The workspace's name, which must be typed exactly.
    name: String,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    on_backup: Callback<()>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let expected = name.clone();
    let matches = Memo::new(move |_| typed.with(|t| t.trim() == expected));
    let input_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move || {
        if let Some(input) = input_ref.get() {
            let _ = input.focus();
        }
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_cancel.run(());
        }
    };

    view! {
        <div class="confirm-delete" role="group" aria-labelledby="confirm-delete-title" on:keydown=on_keydown>
            <p id="confirm-delete-title">
                <strong>{format!("Delete “{name}” and everything in it?")}</strong>
            </p>
            <p>
                "This removes the workspace from this browser and cannot be undone. "
                <button type="button" class="link-button" on:click=move |_| on_backup.run(())>
                    "Download a backup first"
                </button>
                " if you might need it again."
            </p>
            <form on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                if matches.get_untracked() {
                    on_confirm.run(());
                }
            }>
                <div class="field">
                    <label for="confirm-delete-name">{format!("Type “{}” to confirm", name.clone())}</label>
                    <input id="confirm-delete-name" type="text" autocomplete="off" node_ref=input_ref bind:value=typed />
                </div>
                <div class="button-row">
                    <button type="submit" class="danger" disabled=move || !matches.get()>
                        "Delete workspace"
                    </button>
                    <button type="button" on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                </div>
            </form>
        </div>
    }
}
