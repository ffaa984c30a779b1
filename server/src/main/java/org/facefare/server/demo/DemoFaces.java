package org.facefare.server.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.facefare.face.eval.DatasetImage;
import org.facefare.face.eval.FaceDataset;

/**
 * The real faces a demo uses: riders who enrol (one photo to enrol, the others to ride with) and
 * strangers who never enrol and must be refused.
 *
 * <p>With the shared photo sets present, the camera-like sets are used (deepface-pairs, the
 * in-the-wild celeb-thumbs, the AT&amp;T crops; not Yale B, whose lighting no gate has), each
 * person with at least two photos; a seeded quarter of the people are held out as strangers.
 * Without them, the model packages' sample photos are used: half the people enrol and ride with the
 * mirror image of their photo, the others are strangers (the report says which source was used).
 *
 * @param source where the faces come from, for the report
 * @param riders people who enrol
 * @param strangers people who never enrol
 */
public record DemoFaces(String source, List<Person> riders, List<Person> strangers) {

  /** The photo sets used, in order, when present. */
  public static final List<String> DATASETS = List.of("deepface-pairs", "celeb-thumbs", "att");

  /**
   * One person.
   *
   * @param id a stable name, e.g. {@code celeb-thumbs/person03}
   * @param enrolment the photo a rider enrols with (unused for strangers)
   * @param rides the photos shown to gates
   */
  public record Person(String id, Photo enrolment, List<Photo> rides) {

    /** Checks the fields. */
    public Person {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(enrolment, "enrolment");
      rides = List.copyOf(rides);
      if (rides.isEmpty()) {
        throw new IllegalArgumentException(id + " has no photo to ride with");
      }
    }
  }

  /** Copies the lists. */
  public DemoFaces {
    riders = List.copyOf(riders);
    strangers = List.copyOf(strangers);
  }

  /**
   * The faces of the shared photo sets under {@code datasets}, split by {@code seed}.
   *
   * @throws IOException if a set cannot be listed
   * @throws IllegalArgumentException if none of {@link #DATASETS} is there
   */
  public static DemoFaces fromDatasets(Path datasets, long seed) throws IOException {
    List<Person> people = new ArrayList<>();
    List<String> used = new ArrayList<>();
    for (String name : DATASETS) {
      Path root = datasets.resolve(name);
      if (!Files.isDirectory(root)) {
        continue;
      }
      used.add(name);
      Map<String, List<Photo>> byIdentity = new TreeMap<>();
      for (DatasetImage image : FaceDataset.load(root).images()) {
        byIdentity
            .computeIfAbsent(image.identity(), k -> new ArrayList<>())
            .add(new Photo.File(image.path()));
      }
      byIdentity.forEach(
          (identity, photos) -> {
            if (photos.size() >= 2) {
              people.add(
                  new Person(
                      name + "/" + identity, photos.getFirst(), photos.subList(1, photos.size())));
            }
          });
    }
    if (people.size() < 2) {
      throw new IllegalArgumentException(
          "no usable photo set under " + datasets + " (looked for " + DATASETS + ")");
    }
    Collections.shuffle(people, new Random(seed));
    int strangers = Math.max(1, people.size() / 4);
    return new DemoFaces(
        "photo sets " + String.join(", ", used) + " under " + datasets,
        people.subList(strangers, people.size()),
        people.subList(0, strangers));
  }

  /**
   * The sample photos in {@code folder} (the face-api package's {@code sample*.jpg}).
   *
   * @throws IOException if the folder cannot be listed
   * @throws IllegalArgumentException if it holds fewer than two sample photos
   */
  public static DemoFaces fromSamples(Path folder) throws IOException {
    List<Path> samples;
    try (var list = Files.list(folder)) {
      samples =
          list.filter(p -> p.getFileName().toString().matches("sample\\d+\\.jpg"))
              .sorted()
              .toList();
    }
    if (samples.size() < 2) {
      throw new IllegalArgumentException("fewer than two sample photos in " + folder);
    }
    List<Person> riders = new ArrayList<>();
    List<Person> strangers = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      Path p = samples.get(i);
      Person person =
          new Person(
              "sample/" + p.getFileName(), new Photo.File(p), List.of(new Photo.Mirrored(p)));
      (i % 2 == 0 ? riders : strangers).add(person);
    }
    return new DemoFaces(
        "model package sample photos in " + folder + " (mirrored to ride)", riders, strangers);
  }
}
