//! The closed list of metrics a claim can report, and their units.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a claim counts. The set is closed on purpose: a figure that fits
/// none of these is not a claim the ledger can compare or total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Area taken, regained or liberated, in km².
    TerritoryKm2,
    /// Settlements taken from an armed group.
    LocalitiesLiberated,
    /// Agreements on joining the ceasefire that were signed.
    CeasefireAgreements,
    /// Settlements that joined the ceasefire or the reconciliation process.
    LocalitiesJoinedCeasefire,
    /// Armed formations that declared they keep the ceasefire.
    ArmedGroupsJoinedCeasefire,
    /// Ceasefire violations (including "cases of shelling") registered.
    CeasefireViolations,
    /// Humanitarian actions or deliveries carried out.
    HumanitarianActions,
    /// Humanitarian aid delivered, in tonnes.
    HumanitarianAidTonnes,
    /// Refugees or displaced persons who returned.
    RefugeesReturned,
    /// Negotiations on joining the ceasefire continue; carries no value.
    NegotiationsOngoing,
    /// The ceasefire came into force on a date; carries no value.
    CeasefireInForce,
}

/// The unit a metric's value is expressed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    SquareKilometres,
    Tonnes,
    Count,
    /// The metric states a fact, not a quantity.
    None,
}

impl Metric {
    pub const ALL: [Metric; 11] = [
        Metric::TerritoryKm2,
        Metric::LocalitiesLiberated,
        Metric::CeasefireAgreements,
        Metric::LocalitiesJoinedCeasefire,
        Metric::ArmedGroupsJoinedCeasefire,
        Metric::CeasefireViolations,
        Metric::HumanitarianActions,
        Metric::HumanitarianAidTonnes,
        Metric::RefugeesReturned,
        Metric::NegotiationsOngoing,
        Metric::CeasefireInForce,
    ];

    /// The name used in JSON, CSV and on the command line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Metric::TerritoryKm2 => "territory_km2",
            Metric::LocalitiesLiberated => "localities_liberated",
            Metric::CeasefireAgreements => "ceasefire_agreements",
            Metric::LocalitiesJoinedCeasefire => "localities_joined_ceasefire",
            Metric::ArmedGroupsJoinedCeasefire => "armed_groups_joined_ceasefire",
            Metric::CeasefireViolations => "ceasefire_violations",
            Metric::HumanitarianActions => "humanitarian_actions",
            Metric::HumanitarianAidTonnes => "humanitarian_aid_tonnes",
            Metric::RefugeesReturned => "refugees_returned",
            Metric::NegotiationsOngoing => "negotiations_ongoing",
            Metric::CeasefireInForce => "ceasefire_in_force",
        }
    }

    pub const fn unit(self) -> Unit {
        match self {
            Metric::TerritoryKm2 => Unit::SquareKilometres,
            Metric::HumanitarianAidTonnes => Unit::Tonnes,
            Metric::NegotiationsOngoing | Metric::CeasefireInForce => Unit::None,
            _ => Unit::Count,
        }
    }

    /// Whether claims of this metric carry a number at all.
    pub const fn has_value(self) -> bool {
        !matches!(self.unit(), Unit::None)
    }

    /// Whether a daily figure of this metric adds up to a running total.
    /// Negotiations and the entry into force are states, not flows.
    pub const fn is_cumulative(self) -> bool {
        self.has_value()
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a metric name that is not in the closed list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown metric {0:?} (expected one of: territory_km2, localities_liberated, ceasefire_agreements, localities_joined_ceasefire, armed_groups_joined_ceasefire, ceasefire_violations, humanitarian_actions, humanitarian_aid_tonnes, refugees_returned, negotiations_ongoing, ceasefire_in_force)"
)]
pub struct UnknownMetric(pub String);

impl FromStr for Metric {
    type Err = UnknownMetric;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Metric::ALL.into_iter().find(|m| m.as_str() == s).ok_or_else(|| UnknownMetric(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_serde_and_from_str() {
        for m in Metric::ALL {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.as_str()));
            assert_eq!(m.as_str().parse::<Metric>().unwrap(), m);
        }
        assert!("territory".parse::<Metric>().is_err());
    }
}
