//! No decoder panics: arbitrary bytes and mutated seed JSON (random byte
//! flips, truncations, type swaps of values) fed to decode_list, decode_detail,
//! decode_ack and decode_error of all three providers. A deterministic loop
//! with a small xorshift generator, so a failure is reproducible from its
//! case number. Seeds: every fixture (seed documents 000–004).

use devenv_core::{EndpointCtx, ProviderKind};
use serde_json::{json, Value};

const FIXTURES: [&str; 15] = [
    include_str!("../fixtures/modelarts_list_response.json"),
    include_str!("../fixtures/modelarts_update_request.json"),
    include_str!("../fixtures/modelarts_update_response.json"),
    include_str!("../fixtures/modelarts_update_error.json"),
    include_str!("../fixtures/modelarts_create_request.json"),
    include_str!("../fixtures/modelarts_create_response.json"),
    include_str!("../fixtures/modelarts_create_error.json"),
    include_str!("../fixtures/pai_dsw_list_labels_filter.json"),
    include_str!("../fixtures/pai_dsw_dataset_options.json"),
    include_str!("../fixtures/pai_dsw_requested_resource.json"),
    include_str!("../fixtures/pai_dsw_idle_culler.json"),
    include_str!("../fixtures/pai_dsw_list_response.json"),
    include_str!("../fixtures/scnet_list_request.json"),
    include_str!("../fixtures/scnet_list_headers.json"),
    include_str!("../fixtures/scnet_list_response.json"),
];

/// Cases per provider; three providers → 102,000 cases.
const CASES_PER_PROVIDER: u64 = 34_000;

const STATUSES: [u16; 12] = [200, 200, 200, 200, 201, 204, 400, 401, 404, 429, 500, 502];

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The seed bodies: every fixture plus the detail/ack shapes built from them.
fn seeds() -> Vec<Value> {
    let mut seeds: Vec<Value> = FIXTURES
        .iter()
        .map(|f| serde_json::from_str(f).unwrap())
        .collect();
    let ma_item = seeds[0]["instances"][0].clone();
    let dsw_item = seeds[11]["Instances"][0].clone();
    let scnet_item = seeds[14]["data"][0].clone();
    let mut dsw_get = dsw_item.clone();
    dsw_get["RequestId"] = json!("R");
    dsw_get["Success"] = json!(true);
    seeds.extend([
        ma_item,
        dsw_get,
        json!({"code": "0", "msg": "success", "data": scnet_item}),
        json!({"code": "10004", "msg": "参数无效", "data": null}),
        json!({"RequestId": "R", "HostId": "h", "Code": "InstanceNotFound", "Message": "m", "Recommend": "u"}),
        json!({"RequestId": "R", "InstanceId": "dsw-1", "Success": true, "Code": null, "Message": null, "HttpStatusCode": 200}),
        json!({"current_status": "STARTING", "previous_state": "STOPPED"}),
        json!({"instance_id": "DE-1"}),
    ]);
    let mut ma_list_one = seeds[0].clone();
    ma_list_one["instances"] = json!([seeds[15].clone()]);
    seeds.push(ma_list_one);
    seeds
}

fn random_value(rng: &mut XorShift) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => json!(rng.next() & 1 == 0),
        2 => json!(rng.next() as i64),
        3 => json!(-1.5e300),
        4 => json!(""),
        5 => json!("1594887749962"),
        6 => json!([1, "a", null]),
        7 => json!({"x": {}}),
        _ => json!("RUNNING"),
    }
}

/// Replaces one random node of `value` (at any depth) with a value of another type.
fn swap_type(node: &mut Value, rng: &mut XorShift) {
    let descend = rng.below(4) != 0;
    match node {
        Value::Object(map) if descend && !map.is_empty() => {
            let i = rng.below(map.len());
            if let Some(child) = map.values_mut().nth(i) {
                return swap_type(child, rng);
            }
        }
        Value::Array(items) if descend && !items.is_empty() => {
            let i = rng.below(items.len());
            if let Some(child) = items.get_mut(i) {
                return swap_type(child, rng);
            }
        }
        _ => {}
    }
    *node = random_value(rng);
}

fn mutate(seed: &Value, seed_text: &str, rng: &mut XorShift) -> String {
    match rng.below(6) {
        0 => {
            let len = rng.below(64);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        1 | 2 => {
            let mut bytes = seed_text.as_bytes().to_vec();
            for _ in 0..=rng.below(8) {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        3 => {
            let cut = rng.below(seed_text.len());
            String::from_utf8_lossy(&seed_text.as_bytes()[..cut]).into_owned()
        }
        _ => {
            let mut v = seed.clone();
            for _ in 0..=rng.below(3) {
                swap_type(&mut v, rng);
            }
            v.to_string()
        }
    }
}

/// Indexes into [`seeds`] of each provider's own bodies.
fn own_seeds(provider: ProviderKind) -> &'static [usize] {
    match provider {
        ProviderKind::ModelArts => &[1, 2, 3, 4, 5, 6, 15, 21, 22, 23],
        ProviderKind::PaiDsw => &[7, 8, 9, 10, 11, 16, 19, 20],
        ProviderKind::Scnet => &[12, 13, 14, 17, 18],
    }
}

fn run(provider: ProviderKind, seed_value: u64) -> u64 {
    let seeds = seeds();
    let own = own_seeds(provider);
    let texts: Vec<String> = seeds.iter().map(Value::to_string).collect();
    let ctx = EndpointCtx {
        endpoint_id: "fuzz".into(),
        project_id: Some("p".into()),
        workspace_id: Some("0".into()),
    };
    let mut rng = XorShift(seed_value);
    let mut cases = 0;
    for _ in 0..CASES_PER_PROVIDER {
        // Mostly the provider's own bodies, sometimes any provider's.
        let pick = if rng.below(5) == 0 {
            rng.below(seeds.len())
        } else {
            own[rng.below(own.len())]
        };
        let body = mutate(&seeds[pick], &texts[pick], &mut rng);
        let status = STATUSES[rng.below(STATUSES.len())];
        let page = rng.below(3) as u32;
        let _ = provider.decode_list(&ctx, page, status, &body);
        let _ = provider.decode_detail(&ctx, status, &body);
        let _ = provider.decode_ack(status, &body);
        let err = provider.decode_error(status, &body);
        let _ = (err.is_not_found(), err.field(), err.explanation());
        cases += 1;
    }
    cases
}

#[test]
fn modelarts_decoders_never_panic() {
    let n = run(ProviderKind::ModelArts, 0x9E37_79B9_7F4A_7C15);
    println!("modelarts: {n} fuzz cases, no panic");
    assert_eq!(n, CASES_PER_PROVIDER);
}

#[test]
fn pai_dsw_decoders_never_panic() {
    let n = run(ProviderKind::PaiDsw, 0xD1B5_4A32_D192_ED03);
    println!("pai-dsw: {n} fuzz cases, no panic");
    assert_eq!(n, CASES_PER_PROVIDER);
}

#[test]
fn scnet_decoders_never_panic() {
    let n = run(ProviderKind::Scnet, 0x94D0_49BB_1331_11EB);
    println!(
        "scnet: {n} fuzz cases, no panic ({} in total over three providers)",
        3 * CASES_PER_PROVIDER
    );
    assert_eq!(n, CASES_PER_PROVIDER);
}
