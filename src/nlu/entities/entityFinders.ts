import { findAddresses } from './findAddresses.js';
import { findAmounts } from './findAmounts.js';
import { findDates } from './findDates.js';
import { findDistricts } from './findDistricts.js';
import { findEmails } from './findEmails.js';
import type { EntityFinder } from './finderContext.js';
import { findIbans } from './findIbans.js';
import { findNumbers } from './findNumbers.js';
import { findPhones } from './findPhones.js';
import { findPostcodes } from './findPostcodes.js';
import { findVehiclePlates } from './findVehiclePlates.js';
import type { EntityType } from './types.js';

/** The finder for each kind of entity; the IBAN finder also reports broken IBANs. */
export const entityFinders: Record<EntityType, EntityFinder> = {
  date: findDates,
  vehiclePlate: findVehiclePlates,
  email: findEmails,
  phone: findPhones,
  iban: findIbans,
  postcode: findPostcodes,
  address: findAddresses,
  district: findDistricts,
  number: findNumbers,
  amount: findAmounts,
};
