"""Amounts of money as a reader reads them: the one way Kembar writes one (prices, deals, budgets).

150000, "IDR" → "Rp 150.000" in Indonesian ("Rp 150,000" in English); 12500000, "KRW" → "KRW 12.500.000";
12.5, "USD" → "USD 12,50". In the active language: a text stored in Indonesian is written under
`translation.override("id")`."""

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format

#: Currencies written without decimals: ISO 4217 minor unit 0, and the rupiah (none in practice).
WHOLE = frozenset("IDR BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split())


def money(amount, currency="IDR") -> str:
    """`amount` (a number, a Decimal or its text) in `currency` (ISO 4217; none is the rupiah), "" when it is not
    a number. Cents only when the currency has them and the amount is not whole."""
    if amount in (None, ""):
        return ""
    try:
        amount = Decimal(str(amount))
    except InvalidOperation:
        return ""
    currency = currency or "IDR"
    decimals = 0 if currency in WHOLE or amount == amount.to_integral_value() else 2
    text = number_format(amount, decimal_pos=decimals, force_grouping=True)
    return f"Rp {text}" if currency == "IDR" else f"{currency} {text}"
