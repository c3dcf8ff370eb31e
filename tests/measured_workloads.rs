//! Measured workload presets used as workloads (`net=<measured id>`): the measurement holds as it
//! is at the GPU's own L2 and moves with the model's capacity dependence elsewhere; links carry
//! the id alone; a workload that is not the measured one is refused by name.

mod common;

use nvmcalc::gpu::network::Phase;
use nvmcalc::gpu::workload::DlWorkload;
use nvmcalc::outcome::{run, Outcome};
use nvmcalc::study::prepared::{AnalysisError, Prepared};
use nvmcalc::Scenario;

const ID: &str = "h200_resnet50_inference_b32";

fn measured_spec(lib: &nvmcalc::Library) -> DlWorkload {
    let d = Scenario::from_query(&format!("net={ID}"), lib);
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    d.scenario.network.expect("a network workload")
}

#[test]
fn at_the_gpus_own_l2_the_measurement_is_the_workload() {
    let lib = common::shipped_library();
    let m = lib.measured(ID).unwrap().clone();
    let spec = measured_spec(&lib);
    assert_eq!(spec.measured.as_deref(), Some(ID));
    assert_eq!(
        (spec.network.as_str(), spec.phase, spec.batch),
        ("resnet50", Phase::Inference, 32)
    );
    assert_eq!(spec.gpu, "h200");
    let p = Prepared::new(&lib, &spec).unwrap();
    let gpu = lib.gpu("h200").unwrap();
    let t = p.traffic(gpu.l2_bytes);
    assert_eq!(t.l2_read_sectors as f64, m.measured.l2_read_sectors);
    assert_eq!(t.l2_write_sectors as f64, m.measured.l2_write_sectors);
    assert!((t.dram_read_bytes / m.measured.dram_read_bytes - 1.0).abs() < 1e-12);
    assert!((t.dram_write_bytes / m.measured.dram_write_bytes - 1.0).abs() < 1e-12);
    assert!((t.time.s() / m.measured.step_time.s() - 1.0).abs() < 1e-12);
    // The array sees every atomic and reduction as a read and a write.
    let w = t.to_workload("x", "x", "x");
    assert_eq!(w.reads, m.measured.array_read_sectors());
    assert_eq!(w.writes, m.measured.array_write_sectors());
    assert!(p.name().contains("(measured)"), "{}", p.name());
    assert!(p.source().contains("Nsight Compute"), "{}", p.source());
}

#[test]
fn other_capacities_carry_the_measurement_by_the_models_dependence() {
    let lib = common::shipped_library();
    let p = Prepared::new(&lib, &measured_spec(&lib)).unwrap();
    let own = lib.gpu("h200").unwrap().l2_bytes;
    let at_own = p.traffic(own);
    let mut previous = f64::INFINITY;
    for mib in [1u64, 4, 16, 60, 256] {
        let t = p.traffic(mib << 20);
        let model = p.model_traffic(mib << 20);
        let model_own = p.model_traffic(own);
        // measured × model(C) / model(C₀), quantity by quantity.
        let expect = at_own.dram_read_bytes * model.dram_read_bytes / model_own.dram_read_bytes;
        assert!((t.dram_read_bytes / expect - 1.0).abs() < 1e-9, "{mib} MiB");
        assert!(
            t.dram_read_bytes <= previous * (1.0 + 1e-12),
            "DRAM reads never grow with the L2"
        );
        previous = t.dram_read_bytes;
        // L2 requests do not depend on the L2's capacity.
        assert_eq!(t.l2_read_sectors, at_own.l2_read_sectors);
    }
}

#[test]
fn a_workload_that_was_not_measured_is_refused_by_name() {
    let lib = common::shipped_library();
    let spec = DlWorkload {
        batch: 8,
        ..measured_spec(&lib)
    };
    let e = Prepared::new(&lib, &spec).unwrap_err();
    assert!(matches!(e, AnalysisError::MeasuredMismatch { .. }), "{e:?}");
    assert!(
        e.to_string().contains("batch 32") && e.to_string().contains("batch 8"),
        "{e}"
    );
    let spec = DlWorkload {
        measured: Some("h200_nothing".into()),
        ..measured_spec(&lib)
    };
    let e = Prepared::new(&lib, &spec).unwrap_err();
    assert!(e
        .to_string()
        .contains("measured workload `h200_nothing` is not a loaded preset"));
}

#[test]
fn links_carry_the_measured_id_alone_and_name_what_they_ignore() {
    let lib = common::shipped_library();
    let d = Scenario::from_query(&format!("net={ID}&batch=8&gpu=h100_sxm"), &lib);
    assert_eq!(d.notices.len(), 2, "{:?}", d.notices);
    assert!(
        d.notices[0].message.contains("ran as it was measured"),
        "{}",
        d.notices[0]
    );
    let n = d.scenario.network.as_ref().unwrap();
    assert_eq!((n.batch, n.gpu.as_str()), (32, "h200"));
    let q = d.scenario.to_query(false);
    assert!(q.contains(&format!("net={ID}")), "{q}");
    assert!(!q.contains("batch=") && !q.contains("gpu="), "{q}");
    let again = Scenario::from_query(&q, &lib);
    assert!(again.notices.is_empty());
    assert_eq!(again.scenario, d.scenario);
    // An unknown id lists both kinds.
    let d = Scenario::from_query("net=h200_nothing", &lib);
    assert!(
        d.notices[0]
            .message
            .contains("or a measured workload: h200_resnet50"),
        "{}",
        d.notices[0]
    );
}

#[test]
fn across_networks_stands_only_the_measured_network_on_its_measurement() {
    let lib = common::shipped_library();
    let q = format!(
        "tech=sram_16nm,sot_16nm&base=sram_16nm&cap=60&slices=96&net={ID}&an=workloads&nets=resnet50,resnet18"
    );
    let d = Scenario::from_query(&q, &lib);
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    let Outcome::Workloads(r) = run(&lib, &d.scenario, &[]).unwrap() else {
        panic!("across networks")
    };
    let by_id = |id: &str| r.networks.iter().find(|n| n.id == id).unwrap();
    let (r50, r18) = (by_id("resnet50"), by_id("resnet18"));
    assert!(r50.workload.contains("(measured)"), "{}", r50.workload);
    assert!(!r18.workload.contains("(measured)"), "{}", r18.workload);
    // ResNet-50 runs its measured step time at the GPU's own L2.
    let m = lib.measured(ID).unwrap();
    assert!((r50.execution_time_s / m.measured.step_time.s() - 1.0).abs() < 1e-9);
}

/// Every measured workload ran on its GPU, so its tensors fit in that GPU's memory: the
/// footprint the memory warning uses is never above what ran. A batch far too large warns.
#[test]
fn what_ran_fits_and_what_cannot_run_is_said() {
    let lib = common::shipped_library();
    for m in &lib.measured {
        let spec = nvmcalc::gpu::workload::DlWorkload {
            network: m.network.clone(),
            phase: m.phase,
            batch: m.batch,
            seq_len: m.seq_len,
            decode_tokens: None,
            element_bytes: m.element_bytes,
            gpu: m.gpu.clone(),
            measured: None,
        };
        let p = nvmcalc::study::prepared::Prepared::new(&lib, &spec).unwrap();
        assert!(p.warnings().is_empty(), "{}: {:?}", m.id, p.warnings());
    }
    let d = nvmcalc::Scenario::from_query(
        "v=1&tech=sram_16nm,stt_16nm&net=llama2_7b&batch=65536&gpu=gtx_1080_ti",
        &lib,
    );
    assert!(d.notices.is_empty(), "{:?}", d.notices);
    let out = nvmcalc::outcome::run(&lib, &d.scenario, &[]).unwrap();
    let json = out.to_json();
    assert!(json.contains("would not run as modelled"), "{json}");
}
