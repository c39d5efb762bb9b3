//! `dealscope tour list`: the tours of the data, as text and JSON.

use crate::common::{data_file, run};

#[test]
fn tour_list_names_the_demo_tour_in_text_and_json() {
    let (code, out, _) = run(&["tour", "list"]);
    assert_eq!(code, 0);
    assert_eq!(out, "cross-licence\t9 steps\tHuawei and Xiaomi: from a patent case to a cross-licence\n");
    let (code, out, _) = run(&["tour", "list", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let tours = v.as_array().unwrap();
    assert_eq!(tours.len(), 1);
    assert_eq!(tours[0]["id"], "cross-licence");
    assert_eq!(tours[0]["steps"], 9);
    assert!(tours[0]["title"].as_str().unwrap().starts_with("Huawei and Xiaomi"));
}

#[test]
fn data_without_tours_lists_none_and_says_so() {
    let (_dir, path) = data_file("firms:\n  - {id: a, name: A}\n");
    let (code, out, err) = run(&["--data", &path, "tour", "list"]);
    assert_eq!((code, out.as_str()), (0, ""));
    assert!(err.contains("no tours in this data"), "{err}");
    let (code, out, _) = run(&["--data", &path, "tour", "list", "--json"]);
    assert_eq!((code, out.trim()), (0, "[]"));
}
