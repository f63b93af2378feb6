//! Address ranges (`10.0.0.0/8`, `::1/128`, or a single address) for the
//! list of proxies whose identity headers are trusted.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// An IPv4 or IPv6 network.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    address: IpAddr,
    prefix_len: u8,
}

impl IpNet {
    /// Whether `address` is inside the network. IPv4-mapped IPv6 addresses
    /// (`::ffff:127.0.0.1`, as a dual-stack listener reports IPv4 peers)
    /// count as their IPv4 address.
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        match (self.address, address) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                let mask = mask_u32(self.prefix_len);
                u32::from(network) & mask == u32::from(address) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                let mask = mask_u128(self.prefix_len);
                u128::from(network) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

fn mask_u32(prefix_len: u8) -> u32 {
    match prefix_len {
        0 => 0,
        n => u32::MAX << (32 - u32::from(n.min(32))),
    }
}

fn mask_u128(prefix_len: u8) -> u128 {
    match prefix_len {
        0 => 0,
        n => u128::MAX << (128 - u32::from(n.min(128))),
    }
}

impl FromStr for IpNet {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let (address, prefix_len) = match text.split_once('/') {
            Some((address, length)) => (address, Some(length)),
            None => (text, None),
        };
        let address = address
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .map_err(|_| format!("`{text}` is not an address or address/prefix"))?
            .to_canonical();
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix_len = match prefix_len {
            None => max,
            Some(length) => length
                .parse::<u8>()
                .ok()
                .filter(|length| *length <= max)
                .ok_or_else(|| format!("`{text}`: the prefix length must be 0 to {max}"))?,
        };
        Ok(IpNet {
            address,
            prefix_len,
        })
    }
}

impl fmt::Debug for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix_len)
    }
}

impl fmt::Display for IpNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> IpNet {
        text.parse().expect("network")
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    #[test]
    fn matches_v4_and_v6_ranges() {
        assert!(net("127.0.0.1/32").contains(ip("127.0.0.1")));
        assert!(!net("127.0.0.1/32").contains(ip("127.0.0.2")));
        assert!(net("10.0.0.0/8").contains(ip("10.200.3.4")));
        assert!(!net("10.0.0.0/8").contains(ip("11.0.0.1")));
        assert!(net("0.0.0.0/0").contains(ip("203.0.113.9")));
        assert!(net("::1").contains(ip("::1")));
        assert!(net("fd00::/8").contains(ip("fd12::1")));
        assert!(!net("fd00::/8").contains(ip("fe80::1")));
        // A dual-stack listener reports IPv4 peers as mapped addresses.
        assert!(net("127.0.0.1").contains(ip("::ffff:127.0.0.1")));
        assert!(!net("::1").contains(ip("127.0.0.1")));
    }

    #[test]
    fn refuses_bad_ranges() {
        for text in ["", "localhost", "10.0.0.0/33", "::/129", "1.2.3.4/x"] {
            assert!(text.parse::<IpNet>().is_err(), "{text}");
        }
    }
}
