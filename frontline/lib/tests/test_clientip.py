from __future__ import annotations

from django.test import RequestFactory, SimpleTestCase, override_settings

from frontline.lib.clientip import client_ip, rate_key

factory = RequestFactory()


def request(remote: str = "10.0.0.5", forwarded: str | None = None) -> object:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return factory.get("/", **extra)


class ClientIpTests(SimpleTestCase):
    def test_no_proxy_ignores_forwarded_headers(self) -> None:
        self.assertEqual(client_ip(request("198.51.100.7", "203.0.113.1")), "198.51.100.7")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_one_proxy_takes_the_address_it_appended(self) -> None:
        # The client forged the first entry; the proxy appended the address it saw.
        self.assertEqual(client_ip(request(forwarded="203.0.113.1, 198.51.100.7")), "198.51.100.7")
        self.assertEqual(client_ip(request(forwarded="198.51.100.7")), "198.51.100.7")

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_two_proxies_take_the_second_from_the_right(self) -> None:
        forged = "203.0.113.1, 203.0.113.2, 198.51.100.7, 10.0.0.2"
        self.assertEqual(client_ip(request(forwarded=forged)), "198.51.100.7")

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_too_few_entries_fall_back_to_the_peer(self) -> None:
        # Did not come through both proxies: nothing in the header can be trusted.
        self.assertEqual(client_ip(request("10.0.0.5", "203.0.113.1")), "10.0.0.5")
        self.assertEqual(client_ip(request("10.0.0.5")), "10.0.0.5")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_garbage_falls_back_to_the_peer(self) -> None:
        for junk in ("not-an-address", "198.51.100.7:443", "<script>", ", ,"):
            with self.subTest(junk=junk):
                self.assertEqual(client_ip(request("10.0.0.5", junk)), "10.0.0.5")

    def test_ipv6_and_nothing(self) -> None:
        self.assertEqual(client_ip(request("2001:DB8::1")), "2001:db8::1")
        self.assertIsNone(client_ip(request("")))
        self.assertIsNone(client_ip(None))

    def test_rate_key_groups_ipv6_by_64(self) -> None:
        self.assertEqual(rate_key("2001:db8::1"), rate_key("2001:db8::ffff:1"))
        self.assertNotEqual(rate_key("2001:db8::1"), rate_key("2001:db8:0:1::1"))
        self.assertEqual(rate_key("198.51.100.7"), "198.51.100.7")
        self.assertEqual(rate_key(None), "unknown")
