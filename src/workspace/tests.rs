use super::*;

const MINUTE: f64 = 60_000.0;

fn request(base: u64, size: u64, now: f64) -> SaveRequest {
    SaveRequest {
        key: "k1".into(),
        base,
        name: "Bank".into(),
        organization: Some("Northbridge".into()),
        size,
        kind: RevisionKind::Edit,
        label: format!("edit at {now}"),
        now,
        lineage: None,
    }
}

/// `n` saves one after the other, `gap` apart, each `size` bytes.
fn saved(n: u64, gap: f64, size: u64) -> RegisterEntry {
    let mut entry: Option<RegisterEntry> = None;
    for i in 0..n {
        let plan = plan_save(entry.as_ref(), &request(i, size, i as f64 * gap), None).unwrap();
        entry = Some(plan.entry);
    }
    entry.unwrap()
}

#[test]
fn a_first_save_creates_the_entry_at_revision_1() {
    let plan = plan_save(None, &request(0, 120, 5.0), None).unwrap();
    assert_eq!(plan.seq, 1);
    assert_eq!(plan.entry.head, 1);
    assert_eq!((plan.entry.name.as_str(), plan.entry.size, plan.entry.changed), ("Bank", 120, 5.0));
    assert_eq!(plan.entry.revisions.len(), 1);
    assert!(plan.drop.is_empty());
}

#[test]
fn a_save_made_from_an_older_revision_is_refused_as_a_conflict() {
    let entry = saved(3, MINUTE, 10);
    // This tab loaded revision 2; another tab has saved revision 3 since.
    assert_eq!(plan_save(Some(&entry), &request(2, 10, 1e9), None), Err(SaveRefusal::Conflict { theirs: 3 }));
    // A register never saved by this tab cannot land on a stored one either.
    assert_eq!(plan_save(Some(&entry), &request(0, 10, 1e9), None), Err(SaveRefusal::Conflict { theirs: 3 }));
    // A save that names a revision of a register that is not stored (removed elsewhere).
    assert_eq!(plan_save(None, &request(4, 10, 1e9), None), Err(SaveRefusal::Conflict { theirs: 0 }));
    let ok = plan_save(Some(&entry), &request(3, 10, 1e9), None).unwrap();
    assert_eq!(ok.seq, 4);
}

#[test]
fn the_newest_fifty_revisions_are_always_kept() {
    // Edits a second apart: one burst, the worst case for thinning.
    let entry = saved(120, 1000.0, 10);
    let seqs: Vec<u64> = entry.revisions.iter().map(|r| r.seq).collect();
    assert!(seqs.ends_with(&(71..=120).collect::<Vec<_>>()), "{seqs:?}");
    assert_eq!(entry.head, 120);
    assert!(entry.revisions.len() >= KEEP_RECENT);
}

#[test]
fn old_bursts_of_edits_are_kept_by_their_last_state_and_imports_and_exports_stay() {
    let mut entries = vec![];
    let mut at = 0.0;
    let mut seq = 0;
    let mut push = |kind, gap: f64, entries: &mut Vec<Revision>| {
        at += gap;
        seq += 1;
        entries.push(Revision { seq, at, kind, label: String::new(), size: 1, lineage: None });
    };
    push(RevisionKind::Created, 0.0, &mut entries); // 1
    for _ in 0..5 {
        push(RevisionKind::Edit, MINUTE, &mut entries); // 2..6: one burst
    }
    push(RevisionKind::Export, MINUTE, &mut entries); // 7
    push(RevisionKind::Edit, 60.0 * MINUTE, &mut entries); // 8: alone
    for _ in 0..KEEP_RECENT {
        push(RevisionKind::Edit, 60.0 * MINUTE, &mut entries);
    }
    let dropped = prune(&entries);
    // 2..5 are followed within minutes by another edit; 6 by the export a minute
    // later (still a burst: the export keeps that state).
    assert_eq!(dropped, vec![2, 3, 4, 5, 6]);
}

#[test]
fn no_register_keeps_more_than_the_cap() {
    // Edits an hour apart are each kept while old, up to the cap.
    let entry = saved(500, 60.0 * MINUTE, 1);
    assert_eq!(entry.revisions.len(), MAX_REVISIONS);
    assert_eq!(entry.revisions.last().unwrap().seq, 500);
    assert_eq!(entry.revisions[0].seq, 301);
}

#[test]
fn old_revisions_make_room_before_a_save_is_refused_as_full() {
    let entry = saved(5, 60.0 * MINUTE, 100);
    // 125 bytes needed (the size and a quarter); 30 free: two old revisions go.
    let plan = plan_save(Some(&entry), &request(5, 100, 1e9), Some(30)).unwrap();
    assert_eq!(plan.drop, vec![1]);
    let plan = plan_save(Some(&entry), &request(5, 200, 1e9), Some(30)).unwrap();
    assert_eq!(plan.drop, vec![1, 2, 3], "the revision it replaces (5) stays");
    assert!(plan.entry.revisions.iter().any(|r| r.seq == 5));
    let refused = plan_save(Some(&entry), &request(5, 1000, 1e9), Some(30)).unwrap_err();
    assert_eq!(refused, SaveRefusal::Full { needed: 1250, available: 430 });
    assert!(refused.to_string().contains("1.2 KB"), "{refused}");
}

#[test]
fn the_bin_keeps_a_deleted_register_for_thirty_days() {
    let mut entry = saved(1, 0.0, 1);
    assert!(!entry.bin_expired(1e12));
    entry.deleted = Some(0.0);
    assert_eq!(entry.bin_days_left(0.0), 30);
    assert_eq!(entry.bin_days_left(29.5 * 86_400_000.0), 1);
    assert!(!entry.bin_expired(30.0 * 86_400_000.0));
    assert!(entry.bin_expired(30.0 * 86_400_000.0 + 1.0));
}

#[test]
fn a_register_saved_again_comes_out_of_the_bin() {
    let mut entry = saved(2, MINUTE, 1);
    entry.deleted = Some(0.0);
    let plan = plan_save(Some(&entry), &request(2, 1, 1e9), None).unwrap();
    assert_eq!(plan.entry.deleted, None, "another tab's work on it goes on");
}

#[test]
fn copies_get_a_free_name() {
    let taken = ["Bank", "Bank (copy)", "Bank (copy 2)"];
    assert_eq!(copy_name("Bank", taken.iter().copied()), "Bank (copy 3)");
    assert_eq!(copy_name("Plant", taken.iter().copied()), "Plant (copy)");
}

#[test]
fn the_list_puts_the_newest_first_and_the_bin_apart() {
    let mut a = saved(1, 0.0, 1);
    a.name = "A".into();
    a.changed = 1.0;
    let mut b = a.clone();
    b.name = "B".into();
    b.changed = 2.0;
    let mut c = a.clone();
    c.name = "C".into();
    c.deleted = Some(3.0);
    let entries = [a, b, c];
    let (kept, bin) = listed(&entries);
    assert_eq!(kept.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["B", "A"]);
    assert_eq!(bin.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["C"]);
}

#[test]
fn sizes_read_as_people_say_them() {
    assert_eq!(human_bytes(912), "912 bytes");
    assert_eq!(human_bytes(1_400_000), "1.4 MB");
    assert_eq!(human_bytes(650_000_000), "650 MB");
}

#[test]
fn an_entry_survives_its_storage_form() {
    let entry = saved(3, MINUTE, 10);
    let text = serde_json::to_string(&entry).unwrap();
    assert_eq!(serde_json::from_str::<RegisterEntry>(&text).unwrap(), entry);
    assert_eq!(entry.previous().map(|r| r.seq), Some(2));
}

#[test]
fn a_file_shares_history_with_the_first_revision_saved_with_the_newest_id_both_know() {
    let mut bank = saved(4, MINUTE, 10);
    bank.revisions[1].lineage = Some("a".into());
    bank.revisions[2].lineage = Some("a".into());
    bank.revisions[3].lineage = Some("b".into());
    let mut other = RegisterEntry::new("k2");
    other.revisions = vec![Revision { lineage: Some("c".into()), ..bank.revisions[0].clone() }];
    let entries = vec![bank.clone(), other];
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let found = shared_history(&entries, &ids(&["x", "a"])).unwrap();
    assert_eq!((found.key.as_str(), found.base.as_str(), found.seq), ("k1", "a", bank.revisions[1].seq));
    assert_eq!(shared_history(&entries, &ids(&["a", "b", "z"])).unwrap().base, "b", "the newest shared id");
    assert_eq!(shared_history(&entries, &ids(&["c"])).unwrap().key, "k2");
    assert_eq!(shared_history(&entries, &ids(&["z"])), None);
    let mut binned = entries.clone();
    binned[0].deleted = Some(1.0);
    assert_eq!(shared_history(&binned, &ids(&["a"])), None, "not a register in the bin");
}

#[test]
fn only_content_as_sent_or_received_is_recorded_as_a_base() {
    let lineage = ["x".to_string(), "y".to_string()];
    assert_eq!(base_id(RevisionKind::Export, &lineage).as_deref(), Some("y"));
    assert_eq!(base_id(RevisionKind::Created, &lineage).as_deref(), Some("y"), "a file opened as it came");
    // A merge of copy "y" holds both sides' work, not y's content: a later copy must not merge from it.
    assert_eq!(base_id(RevisionKind::Import, &lineage), None);
    assert_eq!(base_id(RevisionKind::Edit, &lineage), None);
    assert_eq!(base_id(RevisionKind::Export, &[]), None);
    // Waiting to be saved, an export is never folded into the edit after it.
    assert!(!superseded(RevisionKind::Export) && !superseded(RevisionKind::Created));
    assert!(superseded(RevisionKind::Edit) && superseded(RevisionKind::Import));
}

#[test]
fn a_lineage_id_is_recorded_on_the_first_revision_saved_with_it_only() {
    let mut entry: Option<RegisterEntry> = None;
    for (k, base) in [(1.0, 0), (2.0, 1)] {
        let request =
            SaveRequest { lineage: Some("sent".into()), kind: RevisionKind::Export, ..request(base, 10, k * MINUTE) };
        entry = Some(plan_save(entry.as_ref(), &request, None).unwrap().entry);
    }
    let tags: Vec<Option<&str>> = entry.as_ref().unwrap().revisions.iter().map(|r| r.lineage.as_deref()).collect();
    assert_eq!(tags, [Some("sent"), None], "the second holds what came after the export");
}
