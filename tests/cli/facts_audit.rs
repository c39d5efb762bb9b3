//! The second audit of the demo data (issue 27): the tour's captions say
//! what FACTS.md dates, each person cites the page FACTS.md section (d)
//! names, and what no source gives is gone or marked unsourced.

use crate::common::run;

/// `dealscope show ID` as text, piped (one self-contained row per line).
fn show(id: &str) -> String {
    let (code, out, err) = run(&["show", id]);
    assert_eq!(code, 0, "{err}");
    out
}

fn tours() -> String {
    std::fs::read_to_string("data/tours.yaml").unwrap()
}

#[test]
fn captions_date_only_what_the_sources_date() {
    let tours = tours();
    // FACTS.md dates CNIPA's acceptance (2023-01-17), not when Huawei asked.
    assert!(!tours.contains("January 2023: Huawei asks"), "{tours}");
    assert!(tours.contains("17 January 2023: China's patent office (CNIPA) accepts Huawei's request"), "{tours}");
    // The teardown was on 2023-09-04, not in August.
    assert!(!tours.contains("\"August 2023: Mate 60 Pro presales open; a teardown"), "{tours}");
    assert!(tours.contains("29 August 2023: Mate 60 Pro presales open; on 4 September a teardown"), "{tours}");
}

#[test]
fn people_cite_the_pages_that_name_them() {
    let yu = show("richard-yu");
    assert!(yu.contains("[gsmarena-richard-yu]") && !yu.contains("scmp"), "{yu}");
    let feng = show("adler-feng");
    assert!(feng.contains("[itweb-huawei-oppo-samsung]") && !feng.contains("daoinsights"), "{feng}");
    let itweb = show("itweb-huawei-oppo-samsung");
    assert!(itweb.contains("https://www.itweb.co.za/content/LPwQ57lb9wpqNgkj"), "{itweb}");
    // Dan Hutcheson is named in the 2023 teardown report only.
    assert!(!show("dan-hutcheson").contains("[theregister-pura-70]"));
}

#[test]
fn chip_claims_no_source_makes_are_gone() {
    let s1 = show("kirin-9000s1");
    assert!(!s1.contains("improved"), "{s1}");
    assert!(s1.contains("[gizchina-it-kirin-9010]") && !s1.contains("notebookcheck"), "{s1}");
    let k9010 = show("kirin-9010");
    assert!(!k9010.contains("Maleoon"), "{k9010}");
}

#[test]
fn the_end_of_lu_weibings_redmi_role_is_marked_unsourced() {
    let lu = show("lu-weibing");
    assert!(lu.contains("Head of Redmi (2019–2024, end unsourced)"), "{lu}");
    let (code, out, err) = run(&["timeline", "--entity", "lu-weibing", "--kind", "roles"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Lu Weibing: Head of Redmi, Xiaomi (end unsourced)"), "{out}");
}
