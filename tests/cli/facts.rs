//! The demo data survives a fact-check: it checks clean, every source has
//! its real title and address (or says why not), and the corrections of
//! FACTS.md section (d) stay made. Disputed facts are shown as disputed.

use crate::common::run;

use dealscope::data::load::{DEMO_FILES, DataSource, load};
use dealscope::data::model::{Dataset, EntityData, Kind};

fn demo() -> Dataset {
    load(&DataSource::Demo, Default::default()).unwrap().dataset.expect("demo data is valid")
}

/// `dealscope show ID` as text.
fn show(id: &str) -> String {
    let (code, out, err) = run(&["show", id]);
    assert_eq!(code, 0, "{err}");
    out
}

fn json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_data_folder_checks_with_no_errors_and_no_warnings() {
    let (code, out, err) = run(&["check", "--data", "data"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("warning:") && !out.contains("error:"), "{out}");
    let summary = out.lines().last().unwrap();
    assert!(summary.starts_with(&format!("ok: {} files,", DEMO_FILES.len())), "{summary}");
    assert!(summary.ends_with("; 0 errors and 0 warnings"), "{summary}");
}

/// Sources with no address: FACTS.md names the site but not the page, and no
/// stored copy of the page was found. Each must say so in `extra.no_url`.
const NO_URL: [(&str, &str); 7] = [
    ("huaweicentral-iplytics", "FACTS.md names the site only"),
    ("technspice-kirin-9000s", "FACTS.md names the site only"),
    ("vision2mobile-kirin-9000s", "FACTS.md names the site only"),
    ("3dnews-1093611", "FACTS.md gives the item number only"),
    ("digitimes-surge", "FACTS.md names the site only"),
    ("techjuice-xring", "FACTS.md names the site only"),
    ("aastocks-xiaomi-rd", "FACTS.md names the site and date only"),
];

/// Sources whose headline is not known: their title describes the page (or
/// is what its address keeps of the headline), and `extra` says so.
const NO_HEADLINE: [&str; 5] = [
    "equalocean-mate-40",
    "ciplawyer-amazon-munich",
    "tmtpost-qualcomm-huawei",
    "fosspatents-huawei-cnipa",
    "itweb-huawei-oppo-samsung",
];

#[test]
fn every_source_has_a_real_title_and_its_address() {
    let ds = demo();
    let placeholder = ["news item", "post 7", "item 1", "page on", "page naming", "report on", "...", "…", "slug"];
    for &id in ds.of_kind(Kind::Source) {
        let e = ds.get(id);
        let EntityData::Source(src) = &e.data else { unreachable!() };
        let extra = |key: &str| e.extra.iter().any(|(k, v)| k == key && !v.trim().is_empty());
        let no_url = NO_URL.iter().find(|(x, _)| *x == e.id);
        match (&src.url, no_url) {
            (Some(url), None) => assert!(url.starts_with("http://") || url.starts_with("https://"), "{}: {url}", e.id),
            (None, Some(_)) => assert!(extra("no_url"), "{} says why it has no address", e.id),
            (Some(_), Some(_)) => panic!("{} has an address now: take it off NO_URL", e.id),
            (None, None) => panic!("{} has no address and is not a listed exception", e.id),
        }
        let known_gap = no_url.is_some() || NO_HEADLINE.contains(&e.id.as_str());
        let looks_made_up = placeholder.iter().any(|p| e.name.to_lowercase().contains(p));
        if known_gap {
            assert!(no_url.is_some() || extra("title_note"), "{} says its title is not the headline", e.id);
        } else {
            assert!(!looks_made_up, "{}: `{}` is a placeholder, not a headline", e.id, e.name);
        }
        assert!(src.publisher.is_some(), "{} names its publisher", e.id);
    }
}

#[test]
fn the_seed_article_is_named_for_what_it_is() {
    let out = show("seed-article");
    assert!(
        out.contains("https://primetimeread.com/xiaomi-and-huawei-collaborate-on-a-significant-patent-deal/"),
        "{out}"
    );
    assert!(out.contains("near-verbatim rewrite of ProPakistani's report of 2023-09-15"), "{out}");
    let out = show("propakistani-huawei-xiaomi");
    assert!(out.starts_with("Xiaomi and Huawei Team Up in a Major Patent Deal (source"), "{out}");
}

#[test]
fn the_rd_pledge_gives_yuan_and_dates_its_dollars() {
    let out = show("xiaomi-rd-pledge-2021");
    assert!(out.contains("100bn yuan"), "{out}");
    assert!(out.contains("US$15.6 billion"), "{out}");
    assert!(!out.contains("about $13.7 billion"), "{out}");
    let lei = show("lei-jun");
    assert!(!lei.contains("about $13.7 billion"), "{lei}");
}

#[test]
fn the_kirin_9010_has_eight_cores_and_twelve_threads() {
    let out = show("kirin-9010");
    assert!(out.contains("cpu: 8 cores / 12 threads; 1x2.30 GHz + 3x2.18 GHz, 4x1.55 GHz"), "{out}");
    assert!(out.contains("[notebookcheck-kirin-9010]") && out.contains("[techsky24-kirin-9010]"), "{out}");
}

#[test]
fn the_qualcomm_licence_expiry_has_two_sources() {
    let out = show("qualcomm-huawei-license");
    assert!(out.contains("\"expires early in Qualcomm's fiscal 2025\""), "{out}");
    assert!(out.contains("[telecomlead-qualcomm-licences]") && out.contains("[gigazine-qualcomm-licences]"), "{out}");
    assert!(!out.contains("jeffnewmanlaw"), "{out}");
}

#[test]
fn the_cnipa_case_is_not_a_lawsuit() {
    let ds = demo();
    for &id in ds.of_kind(Kind::Event).iter().chain(ds.of_kind(Kind::Agreement)) {
        let e = ds.get(id);
        let kind = match &e.data {
            EntityData::Event(ev) => ev.kind.clone(),
            EntityData::Agreement(a) => a.kind.clone(),
            _ => None,
        };
        let about_the_case = e.id.contains("cnipa") || e.id.contains("huawei-xiaomi");
        if about_the_case {
            let kind = kind.unwrap_or_default();
            assert!(!kind.contains("lawsuit") && !kind.contains("sue"), "{}: kind {kind}", e.id);
            assert!(!e.name.to_lowercase().contains("lawsuit"), "{}", e.name);
        }
    }
    let out = show("cnipa-accepts-huawei-case");
    assert!(out.contains("kind: administrative-ruling-request"), "{out}");
}

#[test]
fn xu_ran_is_quoted_not_paraphrased() {
    let out = show("huawei-xiaomi-cross-license");
    assert!(out.contains("recognize and respect each other's intellectual property"), "{out}");
    assert!(out.contains("That is the seed's paraphrase"), "{out}");
    assert!(!out.contains("Xu called the agreement a gesture"), "{out}");
}

#[test]
fn each_fact_cites_the_page_that_says_it() {
    let cites = |id: &str, src: &str| show(id).contains(&format!("[{src}]"));
    assert!(cites("alan-fan", "mwl-huawei-xiaomi") && !cites("alan-fan", "nasdaq-huawei-xiaomi"));
    assert!(cites("xu-ran", "mwl-huawei-xiaomi") && !cites("xu-ran", "nasdaq-huawei-xiaomi"));
    assert!(cites("scott-hayden", "mwl-huawei-amazon"));
    assert!(cites("adler-feng", "itweb-huawei-oppo-samsung") && !cites("adler-feng", "daoinsights-huawei-oppo"));
    assert!(cites("huawei-ericsson-cross-license", "technewsday-huawei-ericsson"));
    assert!(cites("richard-yu", "gsmarena-richard-yu"));
    assert!(cites("munich-sales-ban-amazon", "ciplawyer-amazon-munich"));
    assert!(cites("intel", "telecomlead-qualcomm-licences") && !cites("intel", "tmtpost-qualcomm-huawei"));
    // No page names vivo's Xianwen Xu, so he is not in the data.
    assert_eq!(run(&["show", "xianwen-xu"]).0, 2);
}

#[test]
fn modelling_fixes_hold() {
    let ds = demo();
    // Nokia's first Huawei licence is an agreement of its own, not an event of the extension.
    let first = ds.lookup("huawei-nokia-license-2017").expect("the 2017 licence");
    assert!(
        matches!(&ds.get(first).data, EntityData::Agreement(a) if a.signed.map(|d| d.to_string()) == Some("2017".into()))
    );
    assert!(ds.lookup("nokia-huawei-first-licence").is_none());
    // Lu Weibing's Redmi role has an end.
    let lu = ds.get(ds.lookup("lu-weibing").unwrap());
    let EntityData::Person(p) = &lu.data else { unreachable!() };
    assert!(p.roles.iter().any(|r| r.title.as_deref() == Some("Head of Redmi") && r.to.is_some()));
    // The Huawei-Samsung licences (2019, renewed 2022) are on the timeline, to the year.
    let v = json(&["timeline", "--entity", "samsung", "--json"]);
    for (id, year) in [("huawei-samsung-cross-license-2019", "2019"), ("huawei-samsung-cross-license", "2022")] {
        let item = v.as_array().unwrap().iter().find(|i| i["subject"] == id).unwrap();
        assert_eq!((&item["date"], &item["precision"]), (&year.into(), &"year".into()), "{id}");
    }
}

#[test]
fn unsupported_claims_are_out() {
    let ds = demo();
    assert!(ds.lookup("xiaomi-hiring-push").is_none(), "only the seed reports a hiring push");
    for name in ["麒麟9000S1", "麒麟9006C", "澎湃C1", "澎湃P1", "澎湃G1"] {
        assert!(ds.entities().iter().all(|e| !e.aliases.iter().any(|a| a == name)), "{name} has no source");
    }
}

#[test]
fn the_mate_70_chip_is_shown_as_disputed() {
    // Under headings: the field marked, then each side with its sources.
    let (_, out, _) = run(&["show", "mate-70", "--headers"]);
    assert!(out.contains("  chipsets: disputed (see below)\n"), "{out}");
    assert!(out.contains("\ndisputed:\n  chipsets: Which chip the base model uses"), "{out}");
    assert!(out.contains("\n  chipsets: Kirin 9020 — [udn-8984644] 華為麒麟晶片回歸 效能提升\n"), "{out}");
    assert!(!out.contains("→ chipsets"), "no chip is linked as fact: {out}");
    // Piped: one self-contained row per claim.
    let out = show("mate-70");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.contains(&"chipsets: disputed (see below)"), "{out}");
    assert!(lines.contains(&"disputed: chipsets: Kirin 9020 — [udn-8984644] 華為麒麟晶片回歸 效能提升"), "{out}");
    // JSON: the fields as written, and the dispute beside them.
    let v = json(&["show", "mate-70", "--json"]);
    assert_eq!(v["fields"]["category"], "smartphone");
    assert!(v["fields"].get("chipsets").is_none(), "{v}");
    let d = &v["disputed"][0];
    assert_eq!(d["field"], "chipsets");
    let claims = d["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 2);
    assert!(claims[0]["value"].as_str().unwrap().starts_with("Kirin 9010"));
    assert_eq!(claims[0]["sources"][0]["id"], "uniteddaily-mate-70");
    assert!(claims[0]["sources"][0]["url"].as_str().unwrap().starts_with("https://uniteddaily.my/"));
    assert_eq!(claims[1]["value"], "Kirin 9020");
    assert_eq!(claims[1]["sources"][0]["id"], "udn-8984644");
}

#[test]
fn a_disputed_field_with_a_value_is_marked_beside_it() {
    assert!(show("xiaomi-rd-pledge-2021").lines().any(|l| l == "date: 2021-12-28 (disputed)"));
    let v = json(&["show", "xiaomi-rd-pledge-2021", "--json"]);
    assert_eq!(v["fields"]["date"], "2021-12-28", "JSON keeps the value as written");
    assert_eq!(v["disputed"][0]["field"], "date");
    // A field shown as a link (a chip's foundry) is marked too.
    assert!(show("kirin-9000s").lines().any(|l| l == "foundry: disputed (see below)"));
    // Nothing disputed: an empty list, as for every other key.
    assert_eq!(json(&["show", "huawei", "--json"])["disputed"], serde_json::json!([]));
}

#[test]
fn a_claims_sources_are_cited() {
    // udn.com is cited by the Mate 70's claim (and its sources); its card says so.
    let v = json(&["show", "udn-8984644", "--json"]);
    let links = v["links"].as_array().unwrap();
    assert!(links.iter().any(|l| l["relation"] == "cited by" && l["id"] == "mate-70"), "{v}");
}
