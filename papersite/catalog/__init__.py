"""Everything that reads what translators write (catalogs, terminology lists): the trust boundary."""
