import { DocumentSettingsError, parseDocumentSettings } from '../src';

describe('parseDocumentSettings', () => {
  it('fills in defaults and the workspace name when nothing is configured', () => {
    expect(parseDocumentSettings({}, 'Acme')).toEqual({
      business: {
        name: 'Acme',
        address: undefined,
        phone: undefined,
        email: undefined,
        vatNumber: undefined,
        bank: undefined,
        logo: undefined,
      },
      quoteValidityDays: 30,
      paymentTermsDays: 14,
      terms: { quote: undefined, invoice: undefined },
      locale: 'en-GB',
      timeZone: 'UTC',
      taxLabel: 'Tax',
    });
    expect(parseDocumentSettings(null, 'Acme').business.name).toBe('Acme');
  });

  it('reads business details, per-kind terms and document options, ignoring unrelated settings', () => {
    const settings = parseDocumentSettings(
      {
        optOutKeywords: ['STOP'],
        business: {
          name: '  Sunrise Solar  ',
          address: 'Rua do Sol 1',
          bank: {
            accountName: 'Sunrise Solar Lda.',
            iban: 'PT50 0000',
            bic: 'EXMPPTPL',
            note: 'Ref: number',
          },
          vatNumber: 'PT500000000',
          email: null,
        },
        documents: {
          quoteValidityDays: 15,
          paymentTermsDays: 0,
          terms: { quote: 'Quote terms', invoice: 'Invoice terms' },
          locale: 'pt-PT',
          timeZone: 'Europe/Lisbon',
          taxLabel: 'IVA',
        },
      },
      'Fallback',
    );
    expect(settings.business).toMatchObject({
      name: 'Sunrise Solar',
      address: 'Rua do Sol 1',
      vatNumber: 'PT500000000',
      email: undefined,
      bank: 'Account name: Sunrise Solar Lda.\nIBAN: PT50 0000\nBIC/SWIFT: EXMPPTPL\nnote: Ref: number',
    });
    expect(settings).toMatchObject({
      quoteValidityDays: 15,
      paymentTermsDays: 0,
      terms: { quote: 'Quote terms', invoice: 'Invoice terms' },
      locale: 'pt-PT',
      timeZone: 'Europe/Lisbon',
      taxLabel: 'IVA',
    });
  });

  it('uses one terms text for both kinds when given as a string', () => {
    expect(parseDocumentSettings({ documents: { terms: ' Net 30. ' } }, 'A').terms).toEqual({
      quote: 'Net 30.',
      invoice: 'Net 30.',
    });
  });

  it.each([
    [{ documents: { quoteValidityDays: 0 } }, 'settings.documents.quoteValidityDays'],
    [{ documents: { paymentTermsDays: 2.5 } }, 'settings.documents.paymentTermsDays'],
    [{ documents: { timeZone: 'Mars/Olympus' } }, 'settings.documents.timeZone'],
    [{ documents: { locale: 'not a locale!' } }, 'settings.documents.locale'],
    [{ business: { name: 42 } }, 'settings.business.name'],
    [{ business: 'Acme' }, 'settings.business'],
  ])('names the setting that is wrong: %j', (settings, path) => {
    expect(() => parseDocumentSettings(settings, 'A')).toThrow(DocumentSettingsError);
    expect(() => parseDocumentSettings(settings, 'A')).toThrow(new RegExp(`^${path.replace(/\./g, '\\.')}:`));
  });
});
