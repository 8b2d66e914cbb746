//! `ip` conditions (`source-ip`): the client's address against IPv4 and IPv6 CIDR blocks.
//! The ELB docs' "Source IP address conditions" match the source address of the request
//! (not `X-Forwarded-For`); here that is the connecting peer.

use std::net::IpAddr;

/// A CIDR block (`10.0.0.0/8`, `2001:db8::/32`; a bare address is its own /32 or /128).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    bits: u8,
}

impl Cidr {
    /// Parses a block; `None` for anything else (such a value never matches).
    pub fn parse(text: &str) -> Option<Cidr> {
        let (addr, bits) = match text.trim().split_once('/') {
            Some((a, b)) => (a, Some(b.parse::<u8>().ok()?)),
            None => (text.trim(), None),
        };
        let net: IpAddr = addr.parse().ok()?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let bits = bits.unwrap_or(max);
        (bits <= max).then_some(Cidr { net, bits })
    }

    /// Whether `ip` is in the block (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.net, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => prefix_eq(
                u128::from(u32::from(net)),
                u128::from(u32::from(ip)),
                32,
                self.bits,
            ),
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                prefix_eq(u128::from(net), u128::from(ip), 128, self.bits)
            }
            _ => false,
        }
    }
}

/// Whether the first `bits` of two `width`-bit numbers agree.
fn prefix_eq(a: u128, b: u128, width: u32, bits: u8) -> bool {
    let shift = width - u32::from(bits).min(width);
    shift >= width || (a >> shift) == (b >> shift)
}

#[cfg(test)]
mod tests {
    use super::Cidr;

    fn within(cidr: &str, ip: &str) -> bool {
        Cidr::parse(cidr).unwrap().contains(ip.parse().unwrap())
    }

    #[test]
    fn v4_and_v6_blocks() {
        assert!(within("127.0.0.0/8", "127.0.0.1"));
        assert!(!within("10.0.0.0/8", "127.0.0.1"));
        assert!(within("0.0.0.0/0", "8.8.8.8"));
        assert!(within("192.168.1.7", "192.168.1.7"));
        assert!(!within("192.168.1.7/32", "192.168.1.8"));
        assert!(within("::1/128", "::1"));
        assert!(within("2001:db8::/32", "2001:db8:1::5"));
        assert!(!within("2001:db8::/32", "127.0.0.1"));
        // a v4 client seen through a dual-stack socket
        assert!(within("127.0.0.0/8", "::ffff:127.0.0.1"));
    }

    #[test]
    fn bad_blocks_are_refused() {
        for bad in ["", "10.0.0.0/33", "::/129", "x/8", "10.0.0.0/", "1.2.3"] {
            assert_eq!(Cidr::parse(bad), None, "{bad}");
        }
    }
}
