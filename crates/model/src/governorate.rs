//! Syria's fourteen governorates, keyed by their OCHA p-codes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A first-level administrative unit of Syria (OCHA COD-AB p-code `SY01`…`SY14`).
///
/// Bulletins often write "province of Damascus" for places that OCHA puts in
/// Rural Damascus; [`Governorate::same_as`] is the one place that rule lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Governorate {
    Damascus,
    Aleppo,
    RuralDamascus,
    Homs,
    Hama,
    Lattakia,
    Idleb,
    AlHasakeh,
    DeirEzZor,
    Tartous,
    ArRaqqa,
    Daraa,
    AsSweida,
    Quneitra,
}

impl Governorate {
    pub const ALL: [Governorate; 14] = [
        Governorate::Damascus,
        Governorate::Aleppo,
        Governorate::RuralDamascus,
        Governorate::Homs,
        Governorate::Hama,
        Governorate::Lattakia,
        Governorate::Idleb,
        Governorate::AlHasakeh,
        Governorate::DeirEzZor,
        Governorate::Tartous,
        Governorate::ArRaqqa,
        Governorate::Daraa,
        Governorate::AsSweida,
        Governorate::Quneitra,
    ];

    pub const fn pcode(self) -> &'static str {
        match self {
            Governorate::Damascus => "SY01",
            Governorate::Aleppo => "SY02",
            Governorate::RuralDamascus => "SY03",
            Governorate::Homs => "SY04",
            Governorate::Hama => "SY05",
            Governorate::Lattakia => "SY06",
            Governorate::Idleb => "SY07",
            Governorate::AlHasakeh => "SY08",
            Governorate::DeirEzZor => "SY09",
            Governorate::Tartous => "SY10",
            Governorate::ArRaqqa => "SY11",
            Governorate::Daraa => "SY12",
            Governorate::AsSweida => "SY13",
            Governorate::Quneitra => "SY14",
        }
    }

    /// The OCHA English name.
    pub const fn name_en(self) -> &'static str {
        match self {
            Governorate::Damascus => "Damascus",
            Governorate::Aleppo => "Aleppo",
            Governorate::RuralDamascus => "Rural Damascus",
            Governorate::Homs => "Homs",
            Governorate::Hama => "Hama",
            Governorate::Lattakia => "Lattakia",
            Governorate::Idleb => "Idleb",
            Governorate::AlHasakeh => "Al-Hasakeh",
            Governorate::DeirEzZor => "Deir-ez-Zor",
            Governorate::Tartous => "Tartous",
            Governorate::ArRaqqa => "Ar-Raqqa",
            Governorate::Daraa => "Dar'a",
            Governorate::AsSweida => "As-Sweida",
            Governorate::Quneitra => "Quneitra",
        }
    }

    /// The name as French-language bulletins usually write it.
    pub const fn name_fr(self) -> &'static str {
        match self {
            Governorate::Damascus => "Damas",
            Governorate::Aleppo => "Alep",
            Governorate::RuralDamascus => "Rif Dimachq",
            Governorate::Homs => "Homs",
            Governorate::Hama => "Hama",
            Governorate::Lattakia => "Lattaquié",
            Governorate::Idleb => "Idlib",
            Governorate::AlHasakeh => "Hassaké",
            Governorate::DeirEzZor => "Deir ez-Zor",
            Governorate::Tartous => "Tartous",
            Governorate::ArRaqqa => "Raqqa",
            Governorate::Daraa => "Deraa",
            Governorate::AsSweida => "Soueïda",
            Governorate::Quneitra => "Kuneitra",
        }
    }

    /// Whether two governorates count as the same when claims are compared:
    /// Damascus and Rural Damascus are one, because reports name the city's
    /// province for the villages around it.
    pub fn same_as(self, other: Governorate) -> bool {
        self.folded() == other.folded()
    }

    /// A p-code (`SY02`) or the English or French name as this type writes
    /// it (`Aleppo`, `Alep`), in any case: what a person types in a filter.
    pub fn from_name_or_pcode(s: &str) -> Result<Governorate, UnknownGovernorate> {
        if let Ok(g) = s.parse() {
            return Ok(g);
        }
        let wanted = s.trim().to_lowercase();
        Governorate::ALL
            .into_iter()
            .find(|g| g.name_en().to_lowercase() == wanted || g.name_fr().to_lowercase() == wanted)
            .ok_or_else(|| UnknownGovernorate(s.to_owned()))
    }

    /// Damascus and Rural Damascus folded into one key, for grouping.
    pub const fn folded(self) -> Governorate {
        match self {
            Governorate::RuralDamascus => Governorate::Damascus,
            g => g,
        }
    }
}

impl fmt::Display for Governorate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.pcode())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown governorate {0:?} (expected a p-code SY01 to SY14, or a name such as Aleppo or Alep)")]
pub struct UnknownGovernorate(pub String);

impl FromStr for Governorate {
    type Err = UnknownGovernorate;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Governorate::ALL.into_iter().find(|g| g.pcode().eq_ignore_ascii_case(s)).ok_or_else(|| UnknownGovernorate(s.to_owned()))
    }
}

impl Serialize for Governorate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.pcode())
    }
}

impl<'de> Deserialize<'de> for Governorate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pcodes_round_trip() {
        for g in Governorate::ALL {
            assert_eq!(g.pcode().parse::<Governorate>().unwrap(), g);
            assert_eq!(serde_json::to_string(&g).unwrap(), format!("\"{}\"", g.pcode()));
        }
        assert!("SY15".parse::<Governorate>().is_err());
    }

    #[test]
    fn names_in_either_language_or_pcodes() {
        assert_eq!(Governorate::from_name_or_pcode("sy02"), Ok(Governorate::Aleppo));
        assert_eq!(Governorate::from_name_or_pcode("Alep"), Ok(Governorate::Aleppo));
        assert_eq!(Governorate::from_name_or_pcode(" lattaquié "), Ok(Governorate::Lattakia));
        assert!(Governorate::from_name_or_pcode("Atlantis").is_err());
    }

    #[test]
    fn damascus_and_its_countryside_compare_equal() {
        assert!(Governorate::Damascus.same_as(Governorate::RuralDamascus));
        assert!(Governorate::RuralDamascus.same_as(Governorate::Damascus));
        assert!(!Governorate::Damascus.same_as(Governorate::Homs));
    }
}
