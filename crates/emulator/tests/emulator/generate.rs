//! Generated instances: spread, deterministic by seed, and complete at 10 000
//! (how fast is the benchmark's business, not a test's).

use crate::support::*;

#[tokio::test]
async fn generated_instances_are_deterministic_by_seed() {
    let a = Emu::with(|o| {
        o.instances = 60;
        o.seed = 7;
    })
    .await;
    let b = Emu::with(|o| {
        o.instances = 60;
        o.seed = 7;
    })
    .await;
    let c = Emu::with(|o| {
        o.instances = 60;
        o.seed = 8;
    })
    .await;
    let (sa, sb, sc) = (a.snapshot().await, b.snapshot().await, c.snapshot().await);
    assert_eq!(sa, sb);
    assert_ne!(sa, sc);
    let ma = a.get(&format!("{MA}?de_type=Notebook")).await.json;
    assert_eq!(ma["total_count"], 23);
    let names = names(&ma, "instances", "name");
    assert!(names.contains(&"gen-00001".to_string()));
    let statuses: std::collections::HashSet<String> = ma["instances"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|i| i["status"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    assert!(statuses.len() >= 4, "{statuses:?}");
    // 20 generated PAI-DSW instances and the seed: every 5th generated one
    // is in a second workspace, every 4th on a subscription resource group
    // (one is both); a blank WorkspaceId and ResourceId hide all of those.
    let dsw = a.get(DSW).await.json;
    assert_eq!(dsw["TotalCount"], 13);
    let every = a
        .get(&format!("{DSW}?WorkspaceId=ALL&ResourceId=ALL"))
        .await
        .json;
    assert_eq!(every["TotalCount"], 21);
    let prepaid = a
        .get(&format!(
            "{DSW}?WorkspaceId=ALL&ResourceId=ALL&PaymentType=Subscription"
        ))
        .await
        .json;
    assert_eq!(prepaid["TotalCount"], 5);
    let sc_list = a.get(&format!("{SC}/task")).await.json;
    assert_eq!(sc_list["total"], 21);
}

#[tokio::test]
async fn ten_thousand_instances_are_listed_page_by_page() {
    let emu = Emu::with(|o| o.instances = 10_000).await;
    let page = emu
        .get(&format!(
            "{MA}?de_type=Notebook&sortby=creation_timestamp&order=desc&offset=100&limit=50"
        ))
        .await;
    assert_eq!(page.json["total_count"], 3337);
    assert_eq!(page.json["instances"].as_array().map(Vec::len), Some(50));
    let dsw = emu
        .get(&format!(
            "{DSW}?WorkspaceId=ALL&ResourceId=ALL&PageNumber=30&PageSize=100"
        ))
        .await;
    assert_eq!(dsw.json["TotalCount"], 3334);
    let sc = emu.get(&format!("{SC}/task?start=3000&limit=100")).await;
    assert_eq!(sc.json["total"], 3334);
    assert_eq!(sc.json["data"].as_array().map(Vec::len), Some(100));
}
