/// The example scripts, embedded into the binary for `solvus --mcp`'s resources. The list is
/// `exampleNames` in Package.swift.
public enum Examples {
    /// Each example as (file name, text), by name.
    public static var files: [(name: String, text: String)] {
        [
            ("asymmetric_clusters.solvus", PackageResources.asymmetric_clusters_solvus),
            ("flory_huggins.solvus", PackageResources.flory_huggins_solvus),
            ("hea_screening.solvus", PackageResources.hea_screening_solvus),
            ("liquid_alloys.solvus", PackageResources.liquid_alloys_solvus),
            ("miedema_cuti.solvus", PackageResources.miedema_cuti_solvus),
            ("order_disorder.solvus", PackageResources.order_disorder_solvus),
            ("pd_alzn.solvus", PackageResources.pd_alzn_solvus),
            ("pd_bisb.solvus", PackageResources.pd_bisb_solvus),
            ("pd_crfe.solvus", PackageResources.pd_crfe_solvus),
            ("pd_lens.solvus", PackageResources.pd_lens_solvus),
            ("pd_pbsn.solvus", PackageResources.pd_pbsn_solvus),
            ("regular_gap.solvus", PackageResources.regular_gap_solvus),
            ("regular_solution.solvus", PackageResources.regular_solution_solvus),
            ("snbisb_fit.solvus", PackageResources.snbisb_fit_solvus),
            ("snbisb_rkm.solvus", PackageResources.snbisb_rkm_solvus),
            ("tdb_alzn_gap.solvus", PackageResources.tdb_alzn_gap_solvus),
            ("tdb_cost507_al.solvus", PackageResources.tdb_cost507_al_solvus),
            ("tdb_pbsn.solvus", PackageResources.tdb_pbsn_solvus),
            ("tdb_snbisb.solvus", PackageResources.tdb_snbisb_solvus),
            ("units.solvus", PackageResources.units_solvus),
            ("vibrational_entropy.solvus", PackageResources.vibrational_entropy_solvus),
        ].map { ($0.0, String(decoding: $0.1, as: UTF8.self)) }
    }
}
